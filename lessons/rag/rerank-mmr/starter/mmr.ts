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
 * Returns the selected ids in the order they were picked, each at most once: `k` larger than
 * the number of candidates returns them all, `k <= 0` returns []. Throws an Error mentioning
 * "lambda" when lambda is not between 0 and 1.
 */
export function mmr(query: number[], candidates: Candidate[], opts: MmrOptions): string[] {
  throw new Error('TODO: implement mmr()');
}
