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
 * Creates the `chunks` table and an HNSW index on `embedding` for cosine distance.
 * The index's operator class must match the operator the query orders by (`<=>` is
 * cosine distance, `vector_cosine_ops`), or Postgres cannot use it.
 */
export async function createSchema(db: Db, dimensions: number): Promise<void> {
  if (!Number.isInteger(dimensions) || dimensions <= 0) throw new Error(`dimensions must be a positive integer, got ${dimensions}`);
  await db.exec(`
    CREATE TABLE chunks (
      id        text NOT NULL,
      product   text NOT NULL,
      updated   date NOT NULL,
      content   text NOT NULL,
      embedding vector(${dimensions}) NOT NULL
    );
    CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops);
  `);
}

/** Inserts every chunk, with bound parameters (never values pasted into the SQL text). */
export async function insertChunks(db: Db, chunks: Chunk[]): Promise<void> {
  for (const c of chunks) {
    await db.query('INSERT INTO chunks (id, product, updated, content, embedding) VALUES ($1, $2, $3, $4, $5)', [
      c.id,
      c.product,
      c.updated,
      c.content,
      toVector(c.embedding),
    ]);
  }
}

/**
 * The k chunks nearest to `query` by cosine distance that pass `filter`, nearest first.
 * One SELECT: the filter is its WHERE clause, so Postgres filters before the LIMIT.
 */
export async function search(db: Db, query: number[], k: number, filter: Filter = {}): Promise<Hit[]> {
  const params: unknown[] = [toVector(query)];
  const where: string[] = [];
  if (filter.product !== undefined) {
    params.push(filter.product);
    where.push(`product = $${params.length}`);
  }
  if (filter.updatedSince !== undefined) {
    params.push(filter.updatedSince);
    where.push(`updated >= $${params.length}`);
  }
  params.push(k);
  // An HNSW scan hands the WHERE only the ef_search (40) nearest rows; when few of them pass,
  // fewer than k come back. An iterative scan keeps walking the graph until k rows pass, in
  // exact distance order (pgvector 0.8+).
  await db.exec('SET hnsw.iterative_scan = strict_order');
  const { rows } = await db.query<{ id: string; distance: number }>(
    `SELECT id, embedding <=> $1 AS distance
       FROM chunks
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY embedding <=> $1
      LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({ id: r.id, distance: Number(r.distance) }));
}
