/** One graded case from an eval run. */
export interface CaseResult {
  caseId: string;
  pass: boolean;
  /** From 0 to 1. */
  score: number;
}

export interface GateOptions {
  /** The largest mean-score drop that is still accepted (noise), such as 0.02. */
  epsilon: number;
}

export interface GateReport {
  /** true when the candidate may ship: no new failure and no mean drop greater than epsilon. */
  pass: boolean;
  /** Passed in base; failed or missing in cand. Sorted by caseId. */
  newFailures: string[];
  /** Failed in base; passed in cand. Sorted. */
  fixed: string[];
  /** In base, absent from cand (counted as a failure with score 0). Sorted. */
  missing: string[];
  /** In cand only: reported, but not part of the comparison. Sorted. */
  added: string[];
  /** Mean score over the base cases. */
  meanBase: number;
  /** Mean score of cand over the same base cases, 0 for a missing one. */
  meanCand: number;
  /** meanCand - meanBase (negative when the candidate is worse). */
  meanDelta: number;
  /** Why the gate failed, one line per reason; [] when it passes. */
  reasons: string[];
}

/**
 * Compares a candidate eval run with the baseline, case by case, over the baseline's cases.
 *
 * - A base case absent from cand is `missing` and counts as a failure with score 0.
 * - `newFailures`: passed in base, failed or missing in cand. `fixed`: failed in base, passed in cand.
 * - `added`: caseIds only in cand; reported, left out of the means and the verdict.
 * - Both means are over the base cases (0 when there are none); meanDelta = meanCand - meanBase.
 * - `pass` is false on any new failure, or when meanBase - meanCand > epsilon (strictly).
 * - Id lists are sorted; `reasons` has one line per failed condition ([] on a pass).
 * - Throws an Error mentioning "duplicate" when a run has two rows with the same caseId.
 */
export function compareRuns(base: CaseResult[], cand: CaseResult[], opts: GateOptions): GateReport {
  throw new Error('TODO: implement compareRuns()');
}
