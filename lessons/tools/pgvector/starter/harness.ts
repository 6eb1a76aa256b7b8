// Provided: you do not need to edit this file. The checks call runScenario(), which starts
// Postgres (PGlite, in this process), calls your createSchema(), insertChunks() and search()
// from store.ts, and reports what the checks look at.
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { createSchema, insertChunks, search, type Chunk, type Db, type Filter, type Hit } from './store';

export interface Scenario {
  /** Query embeddings; search() runs once per query. */
  queries: number[][];
  k: number;
  filter?: Filter;
}

export interface Statement {
  sql: string;
  params: unknown[];
}

export interface ScenarioResult {
  /** The columns of `chunks` and their types, as Postgres reports them (`vector(8)`, `date`…). */
  columns: { name: string; type: string }[];
  /** The indexes on `chunks`: name and CREATE INDEX statement. */
  indexes: { name: string; definition: string }[];
  /** How many rows `chunks` holds after insertChunks(). */
  rows: number;
  /** The statements insertChunks() ran, in order: their SQL and how many parameters each had. */
  inserts: { sql: string; params: number }[];
  /** What search() returned, one list per query. */
  results: Hit[][];
  /** The statements search() ran for the first query, in order. */
  statements: Statement[];
  /** EXPLAIN of the last SELECT search() ran for the first query. */
  plan: string;
}

// Starting Postgres takes seconds, so one database serves every check of a run; each scenario
// starts from an empty schema and default settings.
let started: Promise<PGlite> | undefined;
function database(): Promise<PGlite> {
  started ??= (async () => {
    const db = await PGlite.create({ extensions: { vector } });
    await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
    return db;
  })();
  return started;
}

/**
 * A fresh `chunks` table, your functions on `chunks`, then what the checks need.
 * Sequential scans are switched off (`enable_seqscan = off`) so that Postgres plans a
 * 160-row table as it would plan a table of millions: through the vector index if it can.
 */
export async function runScenario(chunks: Chunk[], scenario: Scenario): Promise<ScenarioResult> {
  const pg = await database();
  await pg.exec('DROP TABLE IF EXISTS chunks CASCADE; RESET ALL; SET enable_seqscan = off;');

  // Your functions get a connection that records every statement they run.
  const log: Statement[] = [];
  const db: Db = {
    query: (sql, params) => {
      log.push({ sql, params: params ?? [] });
      return pg.query(sql, params);
    },
    exec: (sql) => {
      log.push({ sql, params: [] });
      return pg.exec(sql);
    },
  };

  await createSchema(db, chunks[0].embedding.length);
  const beforeInsert = log.length;
  await insertChunks(db, chunks);
  const inserts = log.slice(beforeInsert).map((s) => ({ sql: s.sql, params: s.params.length }));

  const columns = (
    await pg.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type
         FROM pg_attribute WHERE attrelid = 'chunks'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    )
  ).rows;
  const indexes = (
    await pg.query<{ name: string; definition: string }>(`SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'chunks' ORDER BY indexname`)
  ).rows;
  const rows = Number((await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM chunks')).rows[0].n);

  const results: Hit[][] = [];
  let statements: Statement[] = [];
  for (const [i, query] of scenario.queries.entries()) {
    const from = log.length;
    results.push(await search(db, query, scenario.k, scenario.filter ?? {}));
    if (i === 0) statements = log.slice(from);
  }

  const select = [...statements].reverse().find((s) => /^\s*(select|with)\b/i.test(s.sql));
  const plan = select
    ? (await pg.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${select.sql}`, select.params)).rows.map((r) => r['QUERY PLAN']).join('\n')
    : '(search() ran no SELECT)';
  return { columns, indexes, rows, inserts, results, statements, plan };
}
