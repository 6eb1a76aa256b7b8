/** What one Run Checks produced. Plain data: it crosses to the panel as it is. */
export type CheckStatus = 'passed' | 'failed' | 'not-run';

export interface CheckResult {
  index: number;
  name: string;
  type: string;
  status: CheckStatus;
  score: number;
  reason: string;
  expected?: string;
  actual?: string;
  hint?: string;
  durationMs?: number;
  /** Console output of the learner's code while this check ran. */
  logs: string[];
}

export type RunOutcome = 'passed' | 'failed' | 'error' | 'timeout' | 'cancelled' | 'crashed';

export interface RunResult {
  lessonKey: string;
  outcome: RunOutcome;
  /** Why the run as a whole did not complete (load error, timeout, memory, crash, cancel). */
  message?: string;
  checks: CheckResult[];
  passed: number;
  total: number;
  /** Mean of the checks' scores, 0..1. */
  score: number;
  durationMs: number;
  /** Output outside any check, and anything written straight to stdout/stderr. */
  output: string;
  finishedAt: string;
}

export function summarize(checks: CheckResult[]): { passed: number; total: number; score: number } {
  const passed = checks.filter((c) => c.status === 'passed').length;
  const total = checks.length;
  return { passed, total, score: total ? checks.reduce((s, c) => s + c.score, 0) / total : 0 };
}
