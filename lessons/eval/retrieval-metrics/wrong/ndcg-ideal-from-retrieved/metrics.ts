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

// Wrong: the "ideal" ranking re-sorts only what was retrieved, so relevant
// documents the retriever missed never lower the score.
export function ndcgAtK(retrieved: string[], relevance: Record<string, number>, k: number): number {
  if (k <= 0) return 0;
  const gains = retrieved.slice(0, k).map((id) => relevance[id] ?? 0);
  const ideal = dcg([...gains].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(gains) / ideal;
}
