export interface Run {
  /** Ids in the order the retriever returned them, best first. */
  retrieved: string[];
  /** Ids judged relevant for this query. */
  relevant: string[];
}

/**
 * recall@k: the share of the relevant ids that appear in the first `k` retrieved ids.
 * Each relevant id counts once. Returns 0 when `relevant` is empty or `k <= 0`.
 */
export function recallAtK(retrieved: string[], relevant: string[], k: number): number {
  throw new Error('TODO: implement recallAtK()');
}

/**
 * MRR: the mean over runs of 1 / rank of the first relevant id (rank 1 = first
 * position), counting 0 for a run that retrieved nothing relevant. Returns 0 for no runs.
 */
export function mrr(runs: Run[]): number {
  throw new Error('TODO: implement mrr()');
}

/**
 * nDCG@k with graded relevance: DCG of the first `k` retrieved ids (gain = relevance,
 * 0 for ids not in `relevance`; discount log2(i + 2) for the 0-based position i),
 * divided by the DCG of the ideal ranking. Returns 0 when the ideal DCG is 0.
 */
export function ndcgAtK(retrieved: string[], relevance: Record<string, number>, k: number): number {
  throw new Error('TODO: implement ndcgAtK()');
}
