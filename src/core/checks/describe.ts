import type { CheckSpec } from '../lessons/schema';

/** The name a learner sees for a check that has none. */
export function describeCheck(spec: CheckSpec, defaultCall?: string): string {
  if (spec.name) return spec.name;
  const fn = spec.call ?? defaultCall;
  if (spec.type === 'property') return `${fn ?? 'the function'} agrees with the reference on generated inputs${spec.compare && spec.compare !== 'deep-equal' ? ` (${spec.compare})` : ''}`;
  const call = fn ? `${fn}(${(spec.args ?? []).map((a) => JSON.stringify(a)).join(', ').slice(0, 60)})` : 'output';
  return `${call} ${spec.type}${spec.value !== undefined && spec.type !== 'javascript' ? ' ' + JSON.stringify(spec.value).slice(0, 40) : ''}`;
}
