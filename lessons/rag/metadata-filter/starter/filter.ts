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

/**
 * True when `chunk` passes every part of `filter`:
 * - products: the chunk's product equals one of `filter.products`, ignoring case; absent
 *   `products` allows any product, and `[]` allows none.
 * - dates: the UTC calendar day of `chunk.updated` is on or after `from` and on or before
 *   `to` (both inclusive). Compare instants, not strings: `updated` may carry an offset.
 * - throws an Error that names the field when `from` or `to` is not a real `YYYY-MM-DD` date.
 */
export function matches(chunk: Chunk, filter: Filter): boolean {
  throw new Error('TODO: implement matches()');
}

/**
 * The ids of the `k` best chunks that match `filter`: filter first, then sort by score
 * descending (equal scores by id ascending), then take `k`. `k <= 0` gives [].
 */
export function search(chunks: Chunk[], filter: Filter, k: number): string[] {
  throw new Error('TODO: implement search()');
}
