export interface Doc {
  id: string;
  vector: number[];
}

export interface Scored {
  id: string;
  score: number;
}


// Wrong: no guard for a zero vector, so 0 / 0 gives NaN, and NaN scores
// break the sort comparator.
export function cosine(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`vectors have different lengths: ${a.length} and ${b.length}`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return dot / (Math.sqrt(normA) * Math.sqrt(normB));
}

export function topK(query: number[], docs: Doc[], k: number): Scored[] {
  if (k <= 0) return [];
  const scored = docs.map((d) => ({ id: d.id, score: cosine(query, d.vector) }));
  scored.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return scored.slice(0, k);
}
