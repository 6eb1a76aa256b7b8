export interface Candidate {
  id: string;
  vector: number[];
}

export interface MmrOptions {
  /** How many candidates to select. */
  k: number;
  /** Weight of relevance against novelty, from 0 to 1: 1 = relevance only. */
  lambda: number;
}

/** Cosine similarity; 0 when either vector is all zeros. Provided: use it, no need to change it. */
export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / (Math.sqrt(na) * Math.sqrt(nb));
}

/**
 * Maximal marginal relevance: pick `k` candidates one at a time. Each step takes the remaining
 * candidate with the highest
 *   lambda * cosine(query, c) - (1 - lambda) * max over selected s of cosine(c, s)
 * (the max is 0 while nothing is selected). Ties go to the candidate listed first.
 * Returns the selected ids in the order they were picked.
 */
export function mmr(query: number[], candidates: Candidate[], opts: MmrOptions): string[] {
  const { k, lambda } = opts;
  if (!(lambda >= 0 && lambda <= 1)) throw new Error(`lambda must be between 0 and 1, got ${lambda}`);

  const left = [...candidates];
  const chosen: Candidate[] = [];
  while (chosen.length < k && left.length > 0) {
    // Recompute every score from scratch: simple, and fine for a few dozen candidates.
    const scores = left.map((c) => {
      const redundancy = chosen.length === 0 ? 0 : Math.max(...chosen.map((s) => cosine(c.vector, s.vector)));
      return lambda * cosine(query, c.vector) - (1 - lambda) * redundancy;
    });
    // indexOf of the maximum is the first of equal scores.
    const at = scores.indexOf(Math.max(...scores));
    chosen.push(left.splice(at, 1)[0]);
  }
  return chosen.map((c) => c.id);
}
