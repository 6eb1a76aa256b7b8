import type { PassStats } from '../stats/passRate';

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
  /** More to read, e.g. the judge's prompt and reply for llm-rubric. */
  details?: string;
}

/** One model call of a prompt-lesson case, and how its output was graded. */
export interface CaseRun {
  text: string;
  error?: { kind: string; message: string; action: string };
  latencyMs?: number;
  firstTokenMs?: number;
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number };
  costUsd?: number;
  cached: boolean;
  pass: boolean;
  checks: CheckResult[];
}

export interface CaseResult {
  index: number;
  name: string;
  vars: Record<string, string>;
  status: CheckStatus;
  runs: CaseRun[];
  passRate: number;
  minPassRate: number;
  /** The runs the lesson asks for (`repeat`, default 1); `runs` is shorter when the case stopped early. */
  repeat?: number;
  /** Repeated cases: pass rate of the runs made, its 95 % Wilson interval and pass^k for k = runs. */
  stats?: PassStats;
  /** The interval settled the case before its last repeat: 'pass' or 'fail'. */
  stoppedEarly?: 'pass' | 'fail';
  /** Calls not made because the case stopped early (repeat − runs made). */
  callsSaved?: number;
}

/** What the model calls of a prompt run cost, against its cap. */
export interface RunSpend {
  /** Before the run: every planned call (the cache and adaptive repeats can make it less). */
  estimate: { calls: number; promptTokens: number; completionTokens: number; usd?: number };
  /** Priced from the usage each answer reported. */
  spentUsd: number;
  capUsd?: number;
  /** The cap stopped the run: the cases after it were not run. */
  capReached: boolean;
  /** Some answer had no price or usage, so the spend (and the cap) could not count it. */
  unpriced: boolean;
}

/** A place in the learner's files: `file` relative to the lesson folder (with `/`), line and column from 1. */
export interface CodeLocation {
  file: string;
  line: number;
  column: number;
}

export type RunOutcome = 'passed' | 'failed' | 'error' | 'timeout' | 'cancelled' | 'crashed';

export interface RunResult {
  lessonKey: string;
  outcome: RunOutcome;
  /** Why the run as a whole did not complete (load error, timeout, memory, crash, cancel). */
  message?: string;
  /** Where the code could not be loaded (a syntax error, a throw at the top level). */
  location?: CodeLocation;
  checks: CheckResult[];
  passed: number;
  total: number;
  /** Mean of the checks' scores, 0..1. */
  score: number;
  durationMs: number;
  /** Output outside any check, and anything written straight to stdout/stderr. */
  output: string;
  finishedAt: string;
  /** Prompt lessons: each case with its runs. */
  cases?: CaseResult[];
  /** Why the model could not be used (not configured, key rejected, …), with what to do. */
  modelError?: { kind: string; message: string; action: string };
  /** Prompt lessons with a model: the estimated and actual spend of the run. */
  spend?: RunSpend;
  /** Code lessons with npm dependencies: the packages (name@version) not installed in the lesson folder yet. */
  missingDependencies?: string[];
}

export function summarize(checks: CheckResult[]): { passed: number; total: number; score: number } {
  const passed = checks.filter((c) => c.status === 'passed').length;
  const total = checks.length;
  return { passed, total, score: total ? checks.reduce((s, c) => s + c.score, 0) / total : 0 };
}
