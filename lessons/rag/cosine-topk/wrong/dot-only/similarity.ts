export interface Doc {
  id: string;
  vector: number[];
}

export interface Scored {
  id: string;
  score: number;
}


// Wrong: returns the dot product and never divides by the norms, so longer
// vectors win regardless of direction.
export function cosine(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`vectors have different lengths: ${a.length} and ${b.length}`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

export function topK(query: number[], docs: Doc[], k: number): Scored[] {
  if (k <= 0) return [];
  const scored = docs.map((d) => ({ id: d.id, score: cosine(query, d.vector) }));
  scored.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return scored.slice(0, k);
}
