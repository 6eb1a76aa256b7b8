export interface Fused {
  id: string;
  score: number;
}

/**
 * Reciprocal rank fusion: merge ranked id lists (best first) into one ranking.
 *
 * An id at 1-based rank r in a list gets 1 / (k + r) from that list; its fused score is
 * the sum over the lists that contain it. Ids from every list are kept. Sorted by score
 * descending, equal scores by id ascending. An id repeated within one list counts once,
 * at its first (best) rank.
 */
export function rrf(lists: string[][], k = 60): Fused[] {
  const scores: Record<string, number> = Object.create(null);
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const id = list[i];
      // Only the first position of an id in this list counts.
      if (list.indexOf(id) !== i) continue;
      scores[id] = (scores[id] ?? 0) + 1 / (k + (i + 1));
    }
  }
  const fused: Fused[] = Object.keys(scores).map((id) => ({ id, score: scores[id] }));
  fused.sort((x, y) => {
    if (x.score !== y.score) return y.score - x.score;
    return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
  });
  return fused;
}

export interface QueryRun {
  query: string;
  /** Ranked ids from keyword search (BM25), best first. */
  keyword: string[];
  /** Ranked ids from vector search, best first. */
  vector: string[];
  /** The ids that answer the query (used by the checks, not by fusion). */
  relevant: string[];
}

/**
 * Provided, no need to change it: fuses each query's keyword and vector lists with your `rrf`
 * and returns the fused ids. The checks use it to measure MRR over `fixtures/queries.json`.
 */
export function fuseRuns(runs: QueryRun[], k = 60): string[][] {
  return runs.map((r) => rrf([r.keyword, r.vector], k).map((f) => f.id));
}
