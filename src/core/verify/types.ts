/** What the verifier found for one lesson. */
export interface LessonReport {
  id: string;
  kind: 'code' | 'prompt' | 'unknown';
  ok: boolean;
  /** Failures: each makes the lesson (and the run) fail. */
  problems: string[];
  /** Worth knowing, not failures (e.g. output checks that could not be verified offline). */
  warnings: string[];
  /** Checks as the panel counts them ("n of N checks passed"): code lessons one per check; prompt lessons one per static check and one per case. */
  checks: number;
  starter?: { passed: number; total: number };
  /** Each wrong solution: caught when it fails a check; `failedChecks` names them (case checks as "case › check"). */
  wrong: WrongReport[];
  /** Each right variant under right/<name>/: it must pass every check, as the reference does. */
  right?: RightReport[];
  /** The rules lesson.json states, each with the checks that cover it and the wrong solutions that break it. */
  rules?: RuleReport[];
  /** Per check of the reference: share of the runs it passed (with --runs > 1 or a live model). */
  passRates: { check: string; passRate: number; runs: number; flaky: boolean; live: boolean }[];
  durationMs: number;
}

export interface WrongReport {
  name: string;
  caught: boolean;
  /** How many checks it fails. */
  failed: number;
  failedChecks: string[];
  /** From lesson.json `wrong[name]`: the rules it breaks and why. */
  rules?: string[];
  why?: string;
}

export interface RightReport {
  name: string;
  passed: boolean;
  /** The checks it fails (empty when it passes). */
  failures: string[];
}

export interface RuleReport {
  id: string;
  text: string;
  checks: string[];
  wrong: string[];
}

export interface PackReport {
  pack: string;
  ok: boolean;
  lessons: LessonReport[];
  /** Problems that are not one lesson's: a pack.json that does not load, a lesson folder not listed. */
  problems: string[];
  /** Worth knowing about the pack as a whole, e.g. a lesson folder that pack.json does not list. */
  warnings: string[];
  live?: { baseUrl: string; model: string; runs: number };
  durationMs: number;
}
