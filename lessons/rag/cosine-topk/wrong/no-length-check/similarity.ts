export interface Doc {
  id: string;
  vector: number[];
}

export interface Scored {
  id: string;
  score: number;
}


// Wrong: never compares the lengths; a shorter vector reads `undefined` and the
// result is NaN (or a silently wrong number) instead of an error.
export function cosine(a: number[], b: number[]): number {
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

export function topK(query: number[], docs: Doc[], k: number): Scored[] {
  if (k <= 0) return [];
  const scored = docs.map((d) => ({ id: d.id, score: cosine(query, d.vector) }));
  scored.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return scored.slice(0, k);
}
