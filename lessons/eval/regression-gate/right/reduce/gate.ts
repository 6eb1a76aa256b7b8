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

// Another style: plain objects as indexes, one pass that classifies each base case.
function index(run: CaseResult[], which: string): Record<string, CaseResult> {
  const out: Record<string, CaseResult> = Object.create(null);
  for (const row of run) {
    if (row.caseId in out) throw new Error(`${which} run has a duplicate row for ${row.caseId}`);
    out[row.caseId] = row;
  }
  return out;
}

const order = (ids: string[]): string[] => ids.slice().sort((x, y) => (x === y ? 0 : x < y ? -1 : 1));

export function compareRuns(base: CaseResult[], cand: CaseResult[], opts: GateOptions): GateReport {
  const b = index(base, 'base');
  const c = index(cand, 'candidate');
  const ids = Object.keys(b);
  const newFailures = ids.filter((id) => b[id].pass && !(c[id]?.pass ?? false));
  const fixed = ids.filter((id) => !b[id].pass && c[id]?.pass === true);
  const missing = ids.filter((id) => !(id in c));
  const added = Object.keys(c).filter((id) => !(id in b));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const meanBase = mean(ids.map((id) => b[id].score));
  const meanCand = mean(ids.map((id) => c[id]?.score ?? 0));
  const reasons = [
    ...(newFailures.length ? [`new failures: ${order(newFailures).join(', ')}`] : []),
    ...(meanBase - meanCand > opts.epsilon ? [`mean fell from ${meanBase} to ${meanCand}, beyond epsilon = ${opts.epsilon}`] : []),
  ];
  return {
    pass: reasons.length === 0,
    newFailures: order(newFailures),
    fixed: order(fixed),
    missing: order(missing),
    added: order(added),
    meanBase,
    meanCand,
    meanDelta: meanCand - meanBase,
    reasons,
  };
}
