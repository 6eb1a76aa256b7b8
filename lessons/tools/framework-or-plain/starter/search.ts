// create, insertMultiple, search: the Orama functions searchFramework needs (see the README).
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
  throw new Error('TODO: implement searchPlain()');
}

/**
 * The same search with Orama (@orama/orama): an in-memory index with a vector field, and one
 * vector search per query. Same results as searchPlain.
 */
export async function searchFramework(docs: Doc[], queries: number[][], k: number): Promise<Hit[][]> {
  throw new Error('TODO: implement searchFramework()');
}
