// Provided: you do not need to edit this file. The checks call compare(), which runs both of
// your functions, times them and counts their lines. The numbers are reported, never graded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { searchFramework, searchPlain, type Doc, type Hit } from './search';

export interface Query {
  text: string;
  vector: number[];
}

export interface Side {
  /** One list of hits per query; null when the function threw. */
  hits: Hit[][] | null;
  error?: string;
  /** Non-blank, non-comment lines of the function in search.ts (0 when it is not found). */
  lines: number;
  /** Median wall time of one call (all queries), over `runs` calls after one warm-up call. */
  medianMs: number;
  /** The function's source, as read from search.ts. */
  source: string;
}

export interface Comparison {
  plain: Side;
  framework: Side;
  runs: number;
  queries: number;
}

/** Runs searchPlain and searchFramework on the same docs and queries, `runs` times each. */
export async function compare(docs: Doc[], queries: Query[], k: number, runs = 25): Promise<Comparison> {
  const vectors = queries.map((q) => q.vector);
  const file = readOwnFile();
  const side = async (name: string, fn: () => Hit[][] | Promise<Hit[][]>): Promise<Side> => {
    const { lines, source } = functionLines(file, name);
    let hits: Hit[][] | null = null;
    try {
      hits = await fn(); // the warm-up call: its result is the one graded
    } catch (e) {
      return { hits: null, error: e instanceof Error ? e.message : String(e), lines, medianMs: NaN, source };
    }
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const medianMs = times.length ? (times[(times.length - 1) >> 1] + times[times.length >> 1]) / 2 : NaN;
    return { hits, lines, medianMs, source };
  };
  const plain = await side('searchPlain', () => searchPlain(docs, vectors, k));
  const framework = await side('searchFramework', () => searchFramework(docs, vectors, k));
  return { plain, framework, runs, queries: queries.length };
}

function readOwnFile(): string {
  for (const name of ['search.ts', 'search.js']) {
    try {
      return fs.readFileSync(path.join(__dirname, name), 'utf8');
    } catch {
      // try the next name
    }
  }
  return '';
}

/**
 * The lines of `function name(...) { ... }` (or `name = (...) => { ... }`) in `source`, from
 * its signature to its closing brace, without blank lines and comment lines.
 */
export function functionLines(source: string, name: string): { lines: number; source: string } {
  const start = new RegExp(`function\\s+${name}\\b|\\b${name}\\s*=`).exec(source);
  if (!start) return { lines: 0, source: '' };
  const open = source.indexOf('(', start.index);
  const close = open < 0 ? -1 : matching(source, open, '(', ')');
  const brace = close < 0 ? -1 : source.indexOf('{', close);
  const end = brace < 0 ? -1 : matching(source, brace, '{', '}');
  if (end < 0) return { lines: 0, source: '' };
  const text = source.slice(start.index, end + 1);
  let inBlock = false;
  let lines = 0;
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (inBlock) {
      const e = line.indexOf('*/');
      if (e < 0) continue;
      inBlock = false;
      line = line.slice(e + 2).trim();
    }
    if (line.startsWith('/*')) {
      const e = line.indexOf('*/');
      if (e < 0) {
        inBlock = true;
        continue;
      }
      line = line.slice(e + 2).trim();
    }
    if (line === '' || line.startsWith('//')) continue;
    lines++;
  }
  return { lines, source: text };
}

/** Index of the bracket that closes the one at `from`, skipping strings and comments; -1 if none. */
function matching(s: string, from: number, openCh: string, closeCh: string): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '/' && s[i + 1] === '/') {
      i = s.indexOf('\n', i);
      if (i < 0) return -1;
    } else if (c === '/' && s[i + 1] === '*') {
      i = s.indexOf('*/', i + 2);
      if (i < 0) return -1;
      i++;
    } else if (c === '"' || c === "'" || c === '`') {
      for (i++; i < s.length && s[i] !== c; i++) if (s[i] === '\\') i++;
    } else if (c === openCh) {
      depth++;
    } else if (c === closeCh && --depth === 0) {
      return i;
    }
  }
  return -1;
}
