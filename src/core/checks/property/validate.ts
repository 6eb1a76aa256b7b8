// Load-time checks of a property check's fields, so an author sees a mistake in the editor's
// Problems (with its line) instead of a failed check later.
import { isFixtureRef } from '../../lessons/fixtures';
import { arbitrariesProblem } from './arbitraries';

/** True when a fixture file supplies `value` or any part of it (e.g. one argument's arbitrary, or a constant's data). */
function usesFixture(value: unknown): boolean {
  if (isFixtureRef(value)) return true;
  if (Array.isArray(value)) return value.some(usesFixture);
  return !!value && typeof value === 'object' && Object.values(value).some(usesFixture);
}

/** [field, message] for each mistake; `arbitraries` that use a fixture file are checked when they run. */
export function propertyProblems(c: { type: string; arbitraries?: unknown; compare?: string; value?: unknown; args?: unknown }): [string, string][] {
  const problems: [string, string][] = [];
  const isProperty = c.type === 'property';
  for (const key of ['arbitraries', 'compare', 'runs', 'seed'] as const) {
    if (!isProperty && (c as Record<string, unknown>)[key] !== undefined) problems.push([key, 'is for property checks only (type "property").']);
  }
  if (!isProperty) return problems;
  if (c.arbitraries === undefined) problems.push(['arbitraries', 'a property check needs `arbitraries`: one arbitrary per argument, e.g. [{"integer": {"min": 0, "max": 9}}].']);
  else if (!usesFixture(c.arbitraries)) {
    const p = arbitrariesProblem(c.arbitraries);
    if (p) problems.push(['arbitraries', p]);
  }
  if (c.args !== undefined) problems.push(['args', 'a property check generates its arguments from `arbitraries`; remove `args`.']);
  if (c.compare === 'javascript' && typeof c.value !== 'string') problems.push(['value', 'compare "javascript" needs `value`: an expression over actual, expected and args.']);
  return problems;
}
