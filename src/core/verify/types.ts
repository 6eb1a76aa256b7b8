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
  /** With --record-mistakes: the wrong solutions whose failed checks were written into lesson.json. */
  recorded?: string[];
  /** With --mutants (code lessons): how many mutants of the reference the checks kill. */
  mutation?: MutationReport;
}

/**
 * One mutant of the reference: what a run of the checks on it ended with. killed: a check
 * failed; timeout / crashed / error: the run did not finish or the code did not load (counted
 * as killed, as Stryker does); survived: every check passed.
 */
export type MutantStatus = 'killed' | 'timeout' | 'crashed' | 'error' | 'survived' | 'equivalent' | 'ignored';

export interface MutantResult {
  /** The file as the lesson names it (e.g. chunker.ts). */
  file: string;
  /** 1-based line and column where the replaced code starts. */
  line: number;
  column: number;
  /** Stryker's mutator, e.g. EqualityOperator. */
  mutator: string;
  original: string;
  replacement: string;
  status: MutantStatus;
  /** killed: the first failing check; timeout, crashed, error: why the run stopped; equivalent, ignored: the reason given. */
  detail?: string;
  durationMs?: number;
}

export interface MutationReport {
  /** done; skipped (see `reason`); cancelled: stopped part way (the counts cover the mutants run). */
  status: 'done' | 'skipped' | 'cancelled';
  reason?: string;
  /** killed / (total - equivalent - ignored), in percent (when cancelled: of the mutants run); undefined when nothing counts. */
  score?: number;
  minScore: number;
  total: number;
  killed: number;
  survived: number;
  equivalent: number;
  ignored: number;
  /** Of the killed: how many by a timeout, a crash or a load error rather than a failing check. */
  timeouts: number;
  crashes: number;
  errors: number;
  mutants: MutantResult[];
  /** Solution files not mutated, and why (given to the learner unchanged, not a learner file, no code). */
  skippedFiles?: { file: string; reason: string }[];
  /** Equivalents in lesson.json that match no mutant any more. */
  stale: { file: string; line: number; replacement: string }[];
  /** Equivalents in lesson.json whose mutant a check kills: they are not equivalent. */
  killedEquivalents?: { file: string; line: number; replacement: string }[];
  /** The time limit of one mutant run (from the reference's time: 1.5 x + 5 s, as Stryker's default). */
  timeoutMs?: number;
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
