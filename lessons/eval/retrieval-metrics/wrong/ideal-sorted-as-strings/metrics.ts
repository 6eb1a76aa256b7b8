export interface Run {
  /** Ids in the order the retriever returned them, best first. */
  retrieved: string[];
  /** Ids judged relevant for this query. */
  relevant: string[];
}

/**
 * Share of the relevant ids that appear in the first `k` retrieved ids.
 * Each relevant id counts once; 0 when there are no relevant ids or k <= 0.
 */
export function recallAtK(retrieved: string[], relevant: string[], k: number): number {
  const wanted = new Set(relevant);
  if (wanted.size === 0 || k <= 0) return 0;
  const found = new Set(retrieved.slice(0, k).filter((id) => wanted.has(id)));
  return found.size / wanted.size;
}

/**
 * Mean reciprocal rank: the mean over runs of 1 / (1-based rank of the first
 * relevant id), counting 0 for a run with no relevant id retrieved. 0 for no runs.
 */
export function mrr(runs: Run[]): number {
  if (runs.length === 0) return 0;
  let sum = 0;
  for (const run of runs) {
    const wanted = new Set(run.relevant);
    const index = run.retrieved.findIndex((id) => wanted.has(id));
    if (index >= 0) sum += 1 / (index + 1);
  }
  return sum / runs.length;
}

function dcg(gains: number[]): number {
  return gains.reduce((total, gain, i) => total + gain / Math.log2(i + 2), 0);
}

/**
 * Normalised discounted cumulative gain at k with graded relevance: gain = relevance
 * (0 for ids not in `relevance`), discount log2(i + 2) for the 0-based position i,
 * divided by the DCG of the ideal ranking of all judged ids. 0 when the ideal DCG is 0.
 */
export function ndcgAtK(retrieved: string[], relevance: Record<string, number>, k: number): number {
  if (k <= 0) return 0;
  const actual = dcg(retrieved.slice(0, k).map((id) => relevance[id] ?? 0));
  const ideal = dcg(
    Object.values(relevance)
      .sort()
      .reverse()
      .slice(0, k),
  );
  return ideal === 0 ? 0 : actual / ideal;
}
