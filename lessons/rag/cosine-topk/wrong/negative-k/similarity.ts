export interface Doc {
  id: string;
  vector: number[];
}

export interface Scored {
  id: string;
  score: number;
}


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
  if (normA === 0 || normB === 0) return 0;
  return dot / (Math.sqrt(normA) * Math.sqrt(normB));
}

// Wrong: no guard for k <= 0; `slice(0, -1)` returns every doc but the last.
export function topK(query: number[], docs: Doc[], k: number): Scored[] {
  const scored = docs.map((d) => ({ id: d.id, score: cosine(query, d.vector) }));
  scored.sort((x, y) => y.score - x.score || x.id.localeCompare(y.id));
  return scored.slice(0, k);
}
