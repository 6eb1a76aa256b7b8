/// <reference path="./ai-dojo.d.ts" />
import { ai } from 'ai-dojo';

export interface Doc {
  id: string;
  title: string;
  body: string;
}

export interface IndexEntry {
  id: string;
  /** The document's embedding, normalised to length 1. */
  vector: number[];
}

export interface VectorIndex {
  entries: IndexEntry[];
}

export interface Hit {
  id: string;
  score: number;
}

/** v / |v|; an all-zero vector stays all zeros (it has no direction). */
function normalise(v: number[]): number[] {
  const norm = Math.hypot(...v);
  return v.map((x) => (norm === 0 ? 0 : x / norm));
}

function dot(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * Embeds every doc (its title and body) in ONE `ai.embed` call and stores one entry per doc
 * with its normalised vector.
 */
export async function buildIndex(docs: Doc[]): Promise<VectorIndex> {
  if (docs.length === 0) return { entries: [] };
  const vectors = await ai.embed(docs.map((d) => `${d.title}\n${d.body}`));
  return { entries: docs.map((d, i) => ({ id: d.id, vector: normalise(vectors[i]) })) };
}

/**
 * Embeds the query and returns the k entries most similar to it by cosine, as `{ id, score }`,
 * best first; equal scores by id ascending. k larger than the index returns every entry;
 * k <= 0 returns [].
 */
export async function search(index: VectorIndex, query: string, k: number): Promise<Hit[]> {
  if (k <= 0 || index.entries.length === 0) return [];
  const [q] = await ai.embed(query);
  const unit = normalise(q);
  // Both sides have length 1, so the dot product is the cosine.
  // Keep only the best k while scanning: a sorted list that never grows past k.
  const before = (a: Hit, b: Hit) => a.score > b.score || (a.score === b.score && a.id < b.id);
  const best: Hit[] = [];
  for (const e of index.entries) {
    const hit = { id: e.id, score: dot(unit, e.vector) };
    let i = best.length;
    while (i > 0 && before(hit, best[i - 1])) i--;
    if (i < k) {
      best.splice(i, 0, hit);
      if (best.length > k) best.pop();
    }
  }
  return best;
}
