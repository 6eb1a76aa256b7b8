// Load-time checks of a property check's fields, so an author sees a mistake in the editor's
// Problems (with its line) instead of a failed check later.
import { isFixtureRef } from '../../lessons/fixtures';
import { arbitrariesProblem } from './arbitraries';

/** [field, message] for each mistake; `arbitraries` from a fixture file are checked when they run. */
export function propertyProblems(c: { type: string; arbitraries?: unknown; compare?: string; value?: unknown; args?: unknown }): [string, string][] {
  const problems: [string, string][] = [];
  const isProperty = c.type === 'property';
  for (const key of ['arbitraries', 'compare', 'runs', 'seed'] as const) {
    if (!isProperty && (c as Record<string, unknown>)[key] !== undefined) problems.push([key, 'is for property checks only (type "property").']);
  }
  if (!isProperty) return problems;
  if (c.arbitraries === undefined) problems.push(['arbitraries', 'a property check needs `arbitraries`: one arbitrary per argument, e.g. [{"integer": {"min": 0, "max": 9}}].']);
  else if (!isFixtureRef(c.arbitraries)) {
    const p = arbitrariesProblem(c.arbitraries);
    if (p) problems.push(['arbitraries', p]);
  }
  if (c.args !== undefined) problems.push(['args', 'a property check generates its arguments from `arbitraries`; remove `args`.']);
  if (c.compare === 'javascript' && typeof c.value !== 'string') problems.push(['value', 'compare "javascript" needs `value`: an expression over actual, expected and args.']);
  return problems;
}
