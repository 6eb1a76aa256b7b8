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
  // Wrong: reduce without an initial value throws on an empty array, so rrf([]) crashes
  // instead of returning [].
  lists.reduce((a, b) => a.concat(b));
  const scores = new Map<string, number>();
  for (const list of lists) {
    const seen = new Set<string>();
    list.forEach((id, index) => {
      if (seen.has(id)) return; // a repeat within the same list adds nothing
      seen.add(id);
      // Ranks are 1-based: the top result adds 1 / (k + 1), not 1 / k.
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1));
    });
  }
  return [...scores]
    .map(([id, score]) => ({ id, score }))
    .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
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
