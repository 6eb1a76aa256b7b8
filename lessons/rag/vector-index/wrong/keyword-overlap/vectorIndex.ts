/// <reference path="./ai-dojo.d.ts" />
// Mistake: keyword search instead of embeddings. Score = share of the query's words that
// appear in the doc. It finds a doc's exact title, but the gold questions are paraphrases
// that share almost no words with the documents that answer them.

export interface Doc {
  id: string;
  title: string;
  body: string;
}

export interface IndexEntry {
  id: string;
  vector: number[];
  words: Set<string>;
}

export interface VectorIndex {
  entries: IndexEntry[];
}

export interface Hit {
  id: string;
  score: number;
}

const words = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

export async function buildIndex(docs: Doc[]): Promise<VectorIndex> {
  return { entries: docs.map((d) => ({ id: d.id, vector: [], words: new Set(words(`${d.title} ${d.body}`)) })) };
}

export async function search(index: VectorIndex, query: string, k: number): Promise<Hit[]> {
  if (k <= 0) return [];
  const q = [...new Set(words(query))];
  return index.entries
    .map((e) => ({ id: e.id, score: q.length ? q.filter((w) => e.words.has(w)).length / q.length : 0 }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, k);
}
