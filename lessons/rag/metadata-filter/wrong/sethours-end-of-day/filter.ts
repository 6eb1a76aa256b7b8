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
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  // The round trip rejects dates that do not exist, such as 2024-02-30.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new Error(`${field} must be a date written YYYY-MM-DD, got ${JSON.stringify(day)}`);
  }
  return ms;
}

/** True when `chunk` passes every part of `filter`. See README.md for the exact rules. */
export function matches(chunk: Chunk, filter: Filter): boolean {
  // Validate both bounds first, so a bad filter fails loudly instead of matching nothing.
  const from = filter.from === undefined ? -Infinity : startOfDay(filter.from, 'from');
  // Inclusive end date: everything before midnight at the start of the *next* day.
  // Wrong: new Date('2024-03-31') is midnight UTC, but setHours sets the hour on the machine's
  // clock, so the "end of the to day" lands hours early (or a day early) outside UTC.
  let toExclusive = Infinity;
  if (filter.to !== undefined) {
    startOfDay(filter.to, 'to');
    const end = new Date(filter.to);
    end.setHours(23, 59, 59, 999);
    toExclusive = end.getTime() + 1;
  }

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
  return chunks
    .filter((c) => matches(c, filter))
    .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .slice(0, k)
    .map((c) => c.id);
}
