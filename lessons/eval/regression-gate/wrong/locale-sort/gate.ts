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

function byId(run: CaseResult[], name: string): Map<string, CaseResult> {
  const map = new Map<string, CaseResult>();
  for (const r of run) {
    // Two rows for one case would make every comparison ambiguous: refuse instead of guessing.
    if (map.has(r.caseId)) throw new Error(`duplicate caseId "${r.caseId}" in the ${name} run`);
    map.set(r.caseId, r);
  }
  return map;
}

const sorted = (ids: string[]) => [...ids].sort((a, b) => a.localeCompare(b));

/**
 * Compares a candidate eval run with the baseline, case by case, over the baseline's cases.
 * Fails on any new failure, or when the mean score drops by more than `epsilon`.
 */
export function compareRuns(base: CaseResult[], cand: CaseResult[], opts: GateOptions): GateReport {
  const baseById = byId(base, 'base');
  const candById = byId(cand, 'cand');

  const newFailures: string[] = [];
  const fixed: string[] = [];
  const missing: string[] = [];
  let sumBase = 0;
  let sumCand = 0;
  // Iterate over base: the baseline defines the set being compared. A case that vanished
  // from the candidate (a crash, a timeout, a filter bug) is a failure, not a non-event.
  for (const [id, b] of baseById) {
    const c = candById.get(id);
    if (!c) missing.push(id);
    const candPass = c?.pass ?? false;
    sumBase += b.score;
    sumCand += c?.score ?? 0;
    if (b.pass && !candPass) newFailures.push(id);
    if (!b.pass && candPass) fixed.push(id);
  }
  const added = cand.filter((c) => !baseById.has(c.caseId)).map((c) => c.caseId);

  // Both means over the same cases, so that they compare like with like.
  const n = baseById.size;
  const meanBase = n === 0 ? 0 : sumBase / n;
  const meanCand = n === 0 ? 0 : sumCand / n;
  const meanDelta = meanCand - meanBase;

  const reasons: string[] = [];
  if (newFailures.length > 0) {
    reasons.push(`${newFailures.length} new failure(s): ${sorted(newFailures).join(', ')}`);
  }
  // A drop equal to epsilon is still accepted: only a drop greater than epsilon fails.
  if (meanBase - meanCand > opts.epsilon) {
    reasons.push(`mean score dropped by ${(meanBase - meanCand).toFixed(4)} (from ${meanBase.toFixed(4)} to ${meanCand.toFixed(4)}), more than epsilon ${opts.epsilon}`);
  }

  return {
    pass: reasons.length === 0,
    newFailures: sorted(newFailures),
    fixed: sorted(fixed),
    missing: sorted(missing),
    added: sorted(added),
    meanBase,
    meanCand,
    meanDelta,
    reasons,
  };
}
