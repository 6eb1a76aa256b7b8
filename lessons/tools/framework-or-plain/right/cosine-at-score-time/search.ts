import { create, insertMultiple, search } from '@orama/orama';

export interface Doc {
  id: string;
  title: string;
  /** The doc's embedding (not normalised). */
  vector: number[];
}

export interface Hit {
  id: string;
  /** Cosine similarity with the query. */
  score: number;
}

/**
 * Plain code: for each query, the k docs with the highest cosine similarity, best first; equal
 * scores by id ascending. Returns one list per query.
 */
export function searchPlain(docs: Doc[], queries: number[][], k: number): Hit[][] {
  if (k <= 0) return queries.map(() => []);
  const length = (v: number[]) => Math.hypot(...v);
  const docLengths = docs.map((d) => length(d.vector));
  return queries.map((query) => {
    const ql = length(query);
    const scored: Hit[] = docs.map((d, i) => {
      let dot = 0;
      for (let j = 0; j < query.length; j++) dot += d.vector[j] * query[j];
      return { id: d.id, score: dot / (docLengths[i] * ql) };
    });
    scored.sort((a, b) => (a.score === b.score ? a.id.localeCompare(b.id, 'en') : b.score - a.score));
    return scored.slice(0, k);
  });
}

/**
 * The same search with Orama (@orama/orama): an in-memory index with a vector field, and one
 * vector search per query. Same results as searchPlain.
 */
export async function searchFramework(docs: Doc[], queries: number[][], k: number): Promise<Hit[][]> {
  if (k <= 0 || docs.length === 0) return queries.map(() => []);
  const db = create({ schema: { id: 'string', embedding: `vector[${docs[0].vector.length}]` } as const });
  // Orama keeps equal scores in insertion order: insert by id so ties come out by id.
  const sorted = [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await insertMultiple(db, sorted.map((d) => ({ id: d.id, embedding: d.vector })));
  const out: Hit[][] = [];
  for (const query of queries) {
    const res = await search(db, {
      mode: 'vector',
      vector: { value: query, property: 'embedding' },
      similarity: -1, // the default (0.8) silently drops every hit below it
      limit: k, // the default is 10
    });
    out.push(res.hits.map((h) => ({ id: h.id, score: h.score })));
  }
  return out;
}
