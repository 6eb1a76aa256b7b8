export interface Run {
  /** Ids in the order the retriever returned them, best first. */
  retrieved: string[];
  /** Ids judged relevant for this query. */
  relevant: string[];
}

export function recallAtK(retrieved: string[], relevant: string[], k: number): number {
  const wanted = new Set(relevant);
  if (wanted.size === 0 || k <= 0) return 0;
  const found = new Set(retrieved.slice(0, k).filter((id) => wanted.has(id)));
  return found.size / wanted.size;
}

// Wrong: averages only over the runs that found something, which hides the
// queries where retrieval failed completely.
export function mrr(runs: Run[]): number {
  const reciprocalRanks: number[] = [];
  for (const run of runs) {
    const wanted = new Set(run.relevant);
    const index = run.retrieved.findIndex((id) => wanted.has(id));
    if (index >= 0) reciprocalRanks.push(1 / (index + 1));
  }
  if (reciprocalRanks.length === 0) return 0;
  return reciprocalRanks.reduce((a, b) => a + b, 0) / reciprocalRanks.length;
}

function dcg(gains: number[]): number {
  return gains.reduce((total, gain, i) => total + gain / Math.log2(i + 2), 0);
}

export function ndcgAtK(retrieved: string[], relevance: Record<string, number>, k: number): number {
  if (k <= 0) return 0;
  const actual = dcg(retrieved.slice(0, k).map((id) => relevance[id] ?? 0));
  const ideal = dcg(
    Object.values(relevance)
      .sort((a, b) => b - a)
      .slice(0, k),
  );
  return ideal === 0 ? 0 : actual / ideal;
}

