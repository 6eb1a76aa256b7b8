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

/** One statement per call: the table first, then its cosine HNSW index. */
export async function createSchema(db: Db, dimensions: number): Promise<void> {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new Error(`createSchema needs a positive whole number of dimensions, got ${dimensions}`);
  }
  await db.query(
    `CREATE TABLE chunks (
       id text,
       product text,
       updated date,
       content text,
       embedding vector(${dimensions}),
       PRIMARY KEY (id)
     )`,
  );
  // vector_cosine_ops serves <=>, the operator search() orders by.
  await db.query('CREATE INDEX ON chunks USING hnsw (embedding vector_cosine_ops)');
}

const COLUMNS = ['id', 'product', 'updated', 'content', 'embedding'] as const;
/** Rows per INSERT: 100 rows x 5 columns stays far below Postgres' 65535 parameters. */
const ROWS_PER_INSERT = 100;

/** Multi-row INSERTs, every value a bound parameter ($1..$5 for the first row, $6..$10 for the next, ...). */
export async function insertChunks(db: Db, chunks: Chunk[]): Promise<void> {
  for (let start = 0; start < chunks.length; start += ROWS_PER_INSERT) {
    const batch = chunks.slice(start, start + ROWS_PER_INSERT);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const chunk of batch) {
      const placeholders: string[] = [];
      for (const value of [chunk.id, chunk.product, chunk.updated, chunk.content, toVector(chunk.embedding)]) {
        params.push(value);
        placeholders.push(`$${params.length}`);
      }
      tuples.push(`(${placeholders.join(', ')})`);
    }
    await db.query(`INSERT INTO chunks (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** Nearest first by cosine distance; the filter is a WHERE clause of the same SELECT, so it applies before LIMIT. */
export async function search(db: Db, query: number[], k: number, filter: Filter = {}): Promise<Hit[]> {
  const conditions: [sql: string, value: string][] = [];
  if (filter.product !== undefined) conditions.push(['product =', filter.product]);
  if (filter.updatedSince !== undefined) conditions.push(['updated >=', filter.updatedSince]);

  // $1 is the query vector, the conditions take $2, $3, ..., and the limit comes last.
  const where = conditions.length === 0 ? '' : 'WHERE ' + conditions.map(([sql], i) => `${sql} $${i + 2}`).join(' AND ');
  const limit = `$${conditions.length + 2}`;
  const params = [toVector(query), ...conditions.map(([, value]) => value), k];

  // Without it, a selective filter sees only the ef_search nearest rows and can return fewer than k.
  await db.query('SET hnsw.iterative_scan = strict_order');
  const result = await db.query<{ id: string; distance: number | string }>(
    `SELECT id, embedding <=> $1::vector AS distance FROM chunks ${where} ORDER BY embedding <=> $1::vector LIMIT ${limit}`,
    params,
  );
  const hits: Hit[] = [];
  for (const row of result.rows) hits.push({ id: row.id, distance: Number(row.distance) });
  return hits;
}
