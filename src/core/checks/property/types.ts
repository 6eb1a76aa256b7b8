// The shapes a property check works with. Caller and CallOutcome mirror the ones the runner's
// learner process exports (interfaces.md §1); kept structural here so this module stays pure.

/** One call of an exported function in a learner's (or the reference's) process. */
export interface CallOutcome {
  output?: unknown;
  error?: { message: string; name?: string };
  durationMs: number;
}

export type Caller = (fn: string, args: unknown[]) => Promise<CallOutcome>;

/** What a lesson's `compare: "javascript"` expression sees. */
export interface CustomCompareInput {
  actual: unknown;
  expected: unknown;
  args: unknown[];
}

/**
 * Evaluates a lesson's comparison expression (`value`). The runner evaluates it in the grading
 * process, never in the editor's; unit tests pass a plain function. Returns whether the learner's
 * result is acceptable, optionally with why not.
 */
export type CompareCustom = (expression: string, input: CustomCompareInput) => Promise<{ pass: boolean; reason?: string }> | { pass: boolean; reason?: string };

export interface PropertyOptions {
  signal?: AbortSignal;
  compareCustom?: CompareCustom;
  /** The function to call when the check names none (the lesson's `call`). */
  defaultCall?: string;
  /** The seed when the check sets none; default: a hash of the check itself. */
  defaultSeed?: number;
}
