// Rules: what a lesson's README states, each covered by a check and broken by a wrong solution.
// A rule no check covers, or that no wrong solution breaks, is untested: the lesson fails.
import { describeCheck } from '../checks/describe';
import type { Lesson } from '../lessons/model';
import type { CheckSpec } from '../lessons/schema';
import type { RuleReport, WrongReport } from './types';

interface Findings {
  rules: RuleReport[];
  problems: string[];
  warnings: string[];
}

/** Every check of the lesson with the name the runner gives it (case checks as "case › check"). */
function namedChecks(lesson: Lesson): { name: string; spec: CheckSpec }[] {
  const named = (specs: CheckSpec[] | undefined, prefix = '') => (specs ?? []).map((spec) => ({ name: `${prefix}${describeCheck(spec, lesson.call)}`, spec }));
  return [...named(lesson.staticChecks), ...named(lesson.checks), ...(lesson.cases ?? []).flatMap((c) => named(c.checks, `${c.name} › `))];
}

/** A failed check's base name: "case › check" is the lesson-wide check "check" (or the case's own). */
const matches = (failed: string, check: string) => failed === check || failed.endsWith(` › ${check}`);

/**
 * Rule coverage of a lesson from its manifest and the wrong solutions' results (`wrong` with the
 * checks each fails), plus the manifest's own mistakes: unknown rule ids, `wrong` entries that
 * name no folder, folders with no entry.
 */
export function ruleFindings(lesson: Lesson, wrongNames: string[], wrong: WrongReport[]): Findings {
  const found: Findings = { rules: [], problems: [], warnings: [] };
  const entries = lesson.wrong ?? {};
  const checks = namedChecks(lesson);
  const rules = lesson.rules ?? [];
  const known = new Set(rules.map((r) => r.id));

  for (const name of Object.keys(entries).filter((n) => !wrongNames.includes(n))) found.warnings.push(`lesson.json wrong["${name}"] names no folder: there is no wrong/${name}/.`);
  const unexplained = wrongNames.filter((n) => !entries[n]?.why);
  if (unexplained.length) {
    const folders = unexplained.map((n) => `wrong/${n}/`).join(', ');
    found.warnings.push(`${folders} ${unexplained.length === 1 ? 'has' : 'have'} no explanation: add "wrong": {"${unexplained[0]}": {"why": "…", "rules": […]}} to lesson.json.`);
  }
  const seenIds = new Set<string>();
  for (const r of rules) {
    if (seenIds.has(r.id)) found.problems.push(`Rule "${r.id}" is listed twice in lesson.json rules.`);
    seenIds.add(r.id);
  }
  for (const { name, spec } of checks) {
    for (const id of spec.rules ?? []) if (!known.has(id)) found.problems.push(`The check "${name}" names the rule "${id}", which lesson.json rules does not list.`);
  }
  for (const [name, entry] of Object.entries(entries)) {
    for (const id of entry.rules ?? []) if (!known.has(id)) found.problems.push(`wrong["${name}"] names the rule "${id}", which lesson.json rules does not list.`);
  }
  if (!lesson.rules) {
    found.warnings.push('No rules: list what the README states in lesson.json `rules`, and name them on the checks that cover them and the wrong solutions that break them.');
    return found;
  }

  for (const rule of rules) {
    const covering = checks.filter((c) => c.spec.rules?.includes(rule.id)).map((c) => c.name);
    const breaking = Object.entries(entries).filter(([n, e]) => wrongNames.includes(n) && e.rules?.includes(rule.id)).map(([n]) => n);
    found.rules.push({ id: rule.id, text: rule.text, checks: covering, wrong: breaking });
    const named = `Rule "${rule.id}" (${rule.text.replace(/\.$/, '')})`;
    if (!covering.length) found.problems.push(`${named} has no check: list "${rule.id}" in the \`rules\` of the checks that test it.`);
    if (!breaking.length) found.problems.push(`${named} has no wrong solution: add wrong/<mistake>/ that breaks it and list "${rule.id}" in lesson.json wrong["<mistake>"].rules.`);
    // A wrong solution that breaks the rule should be caught by a check of that rule.
    for (const name of breaking) {
      const w = wrong.find((x) => x.name === name);
      if (w?.caught && covering.length && !w.failedChecks.some((f) => covering.some((c) => matches(f, c)))) {
        found.warnings.push(`wrong/${name}/ breaks rule "${rule.id}", but none of its checks (${covering.join(' | ')}) fail on it: it is caught by ${w.failedChecks.slice(0, 3).join(' | ')}.`);
      }
    }
  }
  return found;
}
