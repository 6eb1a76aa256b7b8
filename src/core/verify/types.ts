/** What the verifier found for one lesson. */
export interface LessonReport {
  id: string;
  kind: 'code' | 'prompt' | 'unknown';
  ok: boolean;
  /** Failures: each makes the lesson (and the run) fail. */
  problems: string[];
  /** Worth knowing, not failures (e.g. output checks that could not be verified offline). */
  warnings: string[];
  /** Checks the reference runs (prompt lessons: checks x cases, static ones included). */
  checks: number;
  starter?: { passed: number; total: number };
  wrong: { name: string; caught: boolean; failed: number }[];
  /** Per check of the reference: share of the runs it passed (with --runs > 1 or a live model). */
  passRates: { check: string; passRate: number; runs: number; flaky: boolean; live: boolean }[];
  durationMs: number;
}

export interface PackReport {
  pack: string;
  ok: boolean;
  lessons: LessonReport[];
  /** Problems that are not one lesson's: a pack.json that does not load, a lesson folder not listed. */
  problems: string[];
  live?: { baseUrl: string; model: string; runs: number };
  durationMs: number;
}
