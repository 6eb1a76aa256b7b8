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
 * Returns 0 when either vector is all zeros; throws an Error mentioning "length"
 * when the vectors have different lengths.
 */
export function cosine(a: number[], b: number[]): number {
  throw new Error('TODO: implement cosine()');
}

/**
 * The `k` docs most similar to `query` (by cosine), best first, as `{ id, score }`.
 * Equal scores are ordered by id ascending. `k` larger than the number of docs
 * returns them all; `k <= 0` returns []. Do not modify `docs`.
 */
export function topK(query: number[], docs: Doc[], k: number): Scored[] {
  throw new Error('TODO: implement topK()');
}
