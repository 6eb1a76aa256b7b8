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

/**
 * Embeds every doc (its title and body) in ONE `ai.embed` call and stores one entry per doc
 * with its normalised vector.
 */
export async function buildIndex(docs: Doc[]): Promise<VectorIndex> {
  // TODO: embed the docs with ai.embed and store normalised vectors.
  return { entries: docs.map((d) => ({ id: d.id, vector: [] })) };
}

/**
 * Embeds the query and returns the k entries most similar to it by cosine, as `{ id, score }`,
 * best first; equal scores by id ascending. k larger than the index returns every entry;
 * k <= 0 returns [].
 */
export async function search(index: VectorIndex, query: string, k: number): Promise<Hit[]> {
  // TODO: embed the query, score every entry, sort, take k.
  return index.entries.slice(0, k).map((e) => ({ id: e.id, score: 0 }));
}
