export interface Doc {
  id: string;
  vector: number[];
}

export interface Scored {
  id: string;
  score: number;
}

/**
 * Cosine similarity of two vectors: dot(a, b) / (|a| * |b|), in [-1, 1].
 * Returns 0 when either vector is all zeros; throws when the lengths differ.
 */
export function cosine(a: number[], b: number[]): number {
  if (a.length !== b.length) {
    throw new Error(`vectors have different lengths: ${a.length} and ${b.length}`);
  }
  const dot = a.reduce((sum, x, i) => sum + x * b[i], 0);
  const lengths = Math.hypot(...a) * Math.hypot(...b);
  return lengths === 0 ? 0 : dot / lengths;
}

/**
 * The `k` docs most similar to `query`, best first, as `{ id, score }`.
 * Equal scores are ordered by id ascending. `k` larger than the number of docs
 * returns them all; `k <= 0` returns []. The `docs` array is not modified.
 */
export function topK(query: number[], docs: Doc[], k: number): Scored[] {
  const byRank = (x: Scored, y: Scored): number => {
    if (x.score !== y.score) return x.score > y.score ? -1 : 1;
    if (x.id === y.id) return 0;
    return x.id < y.id ? -1 : 1;
  };
  return Array.from(docs, (d) => ({ id: d.id, score: cosine(query, d.vector) }))
    .sort(byRank)
    .slice(0, Math.max(0, k));
}
