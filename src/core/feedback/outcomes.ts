// One naming of a run's checks for everything that compares runs: the verifier's record of what
// each wrong solution fails, the known-mistake matcher, and the diff between a learner's runs.
import type { RunResult } from '../runner/result';

/**
 * Every check of a run with whether it passed: static and code checks by name, case checks as
 * "case › check", a case whose model call failed as "case › model call". Repeated runs of a case
 * give the same name again.
 */
export function checkOutcomes(r: RunResult): [string, boolean][] {
  return [
    ...r.checks.map((c): [string, boolean] => [c.name, c.status === 'passed']),
    ...(r.cases ?? []).flatMap((c) =>
      c.runs.flatMap((run) => [
        ...(run.error ? [[`${c.name} › model call`, false] as [string, boolean]] : []),
        ...run.checks.map((k): [string, boolean] => [`${c.name} › ${k.name}`, k.status === 'passed']),
      ]),
    ),
  ];
}

/** The checks a run failed with the reason of each, once per name, in run order ("not run" is not a failure). */
export function failedChecks(r: RunResult): { name: string; reason: string }[] {
  const failed = new Map<string, string>();
  const add = (name: string, reason: string) => void (failed.has(name) || failed.set(name, reason));
  for (const c of r.checks) if (c.status === 'failed') add(c.name, c.reason);
  for (const c of r.cases ?? []) {
    for (const run of c.runs) {
      // A case that needs a model is waiting, not failing: only a real call error counts.
      if (run.error && run.error.kind !== 'needs-model') add(`${c.name} › model call`, run.error.message);
      for (const k of run.checks) if (k.status === 'failed') add(`${c.name} › ${k.name}`, k.reason);
    }
  }
  return [...failed].map(([name, reason]) => ({ name, reason }));
}

/** The names of the checks a run failed, each once, in run order. */
export function failedCheckNames(r: RunResult): string[] {
  return failedChecks(r).map((f) => f.name);
}
