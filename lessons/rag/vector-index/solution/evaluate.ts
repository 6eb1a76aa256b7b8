/// <reference path="./ai-dojo.d.ts" />
// Provided: you do not need to edit this file. The checks call these functions, which use
// your buildIndex() and search() from vectorIndex.ts. recallAtK logs every question it misses.
import { ai } from 'ai-dojo';
import { buildIndex, search, type Doc, type Hit, type VectorIndex } from './vectorIndex';

export interface GoldQuestion {
  question: string;
  /** Ids of the documents that answer the question. */
  relevant: string[];
}

// The same corpus is indexed once per run, not once per check.
const built = new Map<string, Promise<VectorIndex>>();
function indexFor(docs: Doc[]): Promise<VectorIndex> {
  const key = JSON.stringify(docs);
  let index = built.get(key);
  if (!index) {
    index = buildIndex(docs);
    built.set(key, index);
  }
  return index;
}

/** Mean recall@k over the gold questions: the share of each question's relevant ids found in its top k. */
export async function recallAtK(docs: Doc[], gold: GoldQuestion[], k: number): Promise<number> {
  const index = await indexFor(docs);
  let total = 0;
  for (const g of gold) {
    const ids = (await search(index, g.question, k)).map((h) => h.id);
    const found = g.relevant.filter((id) => ids.includes(id)).length;
    total += found / g.relevant.length;
    if (found < g.relevant.length) console.log(`missed: "${g.question}" wants ${g.relevant.join(', ')}; top ${k}: ${ids.join(', ') || '(nothing)'}`);
  }
  return gold.length ? total / gold.length : 0;
}

/** The ids of the top k hits for one query. */
export async function topIds(docs: Doc[], query: string, k: number): Promise<string[]> {
  return (await search(await indexFor(docs), query, k)).map((h) => h.id);
}

/** The top k hits for one query, as search() returns them. */
export async function hits(docs: Doc[], query: string, k: number): Promise<Hit[]> {
  return search(await indexFor(docs), query, k);
}

/** How many documents the index holds. */
export async function indexSize(docs: Doc[]): Promise<number> {
  return (await indexFor(docs)).entries.length;
}

/** How many times buildIndex() calls ai.embed for one corpus (a fresh build, not the cached one). */
export async function embedCallsToBuild(docs: Doc[]): Promise<number> {
  const original = ai.embed;
  let calls = 0;
  ai.embed = (input) => {
    calls++;
    return original.call(ai, input);
  };
  try {
    await buildIndex(docs);
  } finally {
    ai.embed = original;
  }
  return calls;
}

/**
 * buildIndex() and search() with ai.embed replaced by given vectors, which (as a hosted model's
 * may) do not have length 1: a doc's text gets `vectors[doc.id]`, the query gets `vectors.query`.
 * Returns the hits and the length of every index entry's vector.
 */
export async function withVectors(docs: Doc[], vectors: Record<string, number[]>, query: string, k: number): Promise<{ hits: Hit[]; norms: number[] }> {
  const original = ai.embed;
  const vectorFor = (text: string): number[] => {
    if (text === query) return vectors.query;
    // The doc whose body (or, failing that, title) is in the text, however the two are joined.
    const doc = docs.find((d) => text.includes(d.body)) ?? docs.find((d) => text.includes(d.title));
    if (!doc) throw new Error(`ai.embed got a text that is neither the query nor a doc's title and body: ${JSON.stringify(text.slice(0, 80))}`);
    return vectors[doc.id];
  };
  ai.embed = async (input) => (Array.isArray(input) ? input : [input]).map((t) => [...vectorFor(t)]);
  try {
    const index = await buildIndex(docs);
    const hits = await search(index, query, k);
    return { hits, norms: index.entries.map((e) => Math.hypot(...e.vector)) };
  } finally {
    ai.embed = original;
  }
}
