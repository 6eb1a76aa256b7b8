import type { CheckSpec } from '../lessons/schema';

/** What a check grades: the value a learner's function returned, or the error it threw. */
export interface CheckInput {
  output: unknown;
  /** Set when the call threw (or rejected). */
  error?: { message: string; name?: string };
  args?: unknown[];
  /** Checks with a scripted `server`: the requests the learner's code sent to it, in order. */
  requests?: unknown[];
}

/**
 * Thrown by a handler when the check cannot judge: it is misconfigured, or its own code threw on
 * this output. Such a check fails whether or not it is negated (`not-…`): a check that could not
 * run must never pass.
 */
export class CheckError extends Error {
  constructor(
    message: string,
    readonly actual?: string,
  ) {
    super(message);
  }
}

/** Every handler returns this: pass or fail, a score in [0, 1] and a reason a learner can act on. */
export interface CheckOutcome {
  pass: boolean;
  score: number;
  reason: string;
  expected?: string;
  actual?: string;
}

export type CheckHandler = (spec: CheckSpec, input: CheckInput) => CheckOutcome;
