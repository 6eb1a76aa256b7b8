// Postgres + pgvector as the vector store: the schema, the writes and the top-k query are SQL.

/** The part of a PGlite (or node-postgres) connection this lesson uses. */
export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

/** One chunk of the help centre, with its embedding computed ahead of time. */
export interface Chunk {
  id: string;
  product: string;
  /** The day the chunk was last updated, `YYYY-MM-DD`. */
  updated: string;
  content: string;
  embedding: number[];
}

/** Metadata conditions, all optional; every one given must hold. */
export interface Filter {
  /** Only chunks of this product (exact match). */
  product?: string;
  /** Only chunks updated on or after this day, `YYYY-MM-DD`. */
  updatedSince?: string;
}

export interface Hit {
  id: string;
  /** Cosine distance to the query: 0 is the same direction, 2 the opposite. */
  distance: number;
}

/** pgvector's text form of a vector, `[0.1,0.2,…]`: what a `vector` parameter takes. */
export function toVector(v: number[]): string {
  return `[${v.join(',')}]`;
}

/**
 * Creates the table `chunks` (id, product, updated date, content, embedding vector(dimensions))
 * and an HNSW index on `embedding` for cosine distance.
 */
export async function createSchema(db: Db, dimensions: number): Promise<void> {
  throw new Error('TODO: implement createSchema()');
}

/** Inserts every chunk into `chunks`, with bound parameters ($1, $2, …). */
export async function insertChunks(db: Db, chunks: Chunk[]): Promise<void> {
  throw new Error('TODO: implement insertChunks()');
}

/**
 * The k chunks nearest to `query` by cosine distance that pass `filter`, nearest first, as
 * `{ id, distance }`. One SELECT, with the filter in its WHERE clause.
 */
export async function search(db: Db, query: number[], k: number, filter: Filter = {}): Promise<Hit[]> {
  throw new Error('TODO: implement search()');
}
