import type { CheckSpec } from '../lessons/schema';
import { splitNegation, type BaseCheckKind, type CheckKind } from './kinds/names';
import { checkRegistry } from './registry';
import { CheckError, type CheckInput, type CheckOutcome } from './types';
import { show } from './format';

/**
 * Grades one input with one check: handles `not-` negation, a call that threw, and a handler
 * that throws (a bug in a check must read as a failed check, not crash the run; negated or not).
 */
export function evaluateCheck(spec: CheckSpec, input: CheckInput): CheckOutcome {
  const { base, negated } = splitNegation(spec.type as CheckKind);
  const handler = Object.hasOwn(checkRegistry, base) ? checkRegistry[base as BaseCheckKind] : undefined;
  if (!handler) return { pass: false, score: 0, reason: `Unknown check kind "${spec.type}".` };
  if (input.error && base !== 'throws') {
    return { pass: false, score: 0, reason: `The call threw: ${input.error.message}`, actual: `${input.error.name ?? 'Error'}: ${input.error.message}` };
  }
  let result: CheckOutcome;
  try {
    result = handler(spec, input);
  } catch (e) {
    if (e instanceof CheckError) return { pass: false, score: 0, reason: e.message, ...(e.actual !== undefined ? { actual: e.actual } : {}) };
    return { pass: false, score: 0, reason: `The check itself failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!negated) return result;
  return {
    pass: !result.pass,
    score: 1 - result.score,
    reason: result.pass ? `Expected the opposite (${spec.type}): ${result.reason}` : `As required (${spec.type}): ${result.reason}`,
    ...(result.pass ? { actual: show(input.output) } : {}),
  };
}
