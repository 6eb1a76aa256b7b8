export interface Run {
  /** Ids in the order the retriever returned them, best first. */
  retrieved: string[];
  /** Ids judged relevant for this query. */
  relevant: string[];
}

// Wrong: counts hits in the retrieved list, so an id retrieved twice counts twice
// and recall can exceed 1.
export function recallAtK(retrieved: string[], relevant: string[], k: number): number {
  if (relevant.length === 0 || k <= 0) return 0;
  const hits = retrieved.slice(0, k).filter((id) => relevant.includes(id)).length;
  return hits / relevant.length;
}

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

