export interface Chunk {
  id: string;
  /** The product the chunk documents, as the CMS stores it (case varies: "Mobile", "mobile"). */
  product: string;
  /** When the chunk was last updated: ISO 8601, `YYYY-MM-DD` or a date-time with `Z` or an offset. */
  updated: string;
  /** The retriever's relevance score for the current query (higher is better). */
  score: number;
}

export interface Filter {
  /** Allowed products, matched case-insensitively as whole names. Absent: any product. `[]`: none. */
  products?: string[];
  /** First day included, `YYYY-MM-DD` (UTC). Absent: no lower bound. */
  from?: string;
  /** Last day included, `YYYY-MM-DD` (UTC). Absent: no upper bound. */
  to?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight UTC at the start of `day` (`YYYY-MM-DD`), in ms; throws for anything else. */
function startOfDay(day: string, field: 'from' | 'to'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  const back = new Date(ms);
  // Date.UTC rolls 30 February over to 1 March: the UTC parts must come back unchanged.
  if (!m || back.getUTCFullYear() !== Number(m[1]) || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) {
    throw new Error(`${field} must be a date written YYYY-MM-DD, got ${JSON.stringify(day)}`);
  }
  return ms;
}

/** True when `chunk` passes every part of `filter`. See README.md for the exact rules. */
export function matches(chunk: Chunk, filter: Filter): boolean {
  // Validate both bounds first, so a bad filter fails loudly instead of matching nothing.
  const from = filter.from === undefined ? -Infinity : startOfDay(filter.from, 'from');
  // Inclusive end date: everything before midnight at the start of the *next* day.
  const toExclusive = filter.to === undefined ? Infinity : startOfDay(filter.to, 'to') + DAY_MS;

  if (filter.products !== undefined) {
    const allowed = new Set(filter.products.map((p) => p.toLowerCase()));
    if (!allowed.has(chunk.product.toLowerCase())) return false;
  }
  // Compare instants, not strings: "2024-04-01T01:30:00+02:00" is 23:30 UTC on 31 March.
  const t = Date.parse(chunk.updated);
  return t >= from && t < toExclusive;
}

/**
 * The ids of the `k` best chunks that match `filter`: filter first, then sort by score
 * descending (equal scores by id ascending), then take `k`. `k <= 0` gives [].
 */
export function search(chunks: Chunk[], filter: Filter, k: number): string[] {
  if (k <= 0) return [];
  // Filter the whole list first: cutting to k before filtering can leave fewer than k.
  const kept: Chunk[] = [];
  for (const c of chunks) if (matches(c, filter)) kept.push(c);
  kept.sort((x, y) => (x.score !== y.score ? y.score - x.score : (x.id < y.id ? -1 : 1)));
  const ids: string[] = [];
  for (const c of kept) {
    if (ids.length === k) break;
    ids.push(c.id);
  }
  return ids;
}
