export interface Doc {
  id: string;
  text: string;
}

export interface Bm25Options {
  /** Term-frequency saturation: how quickly extra occurrences stop adding score. Default 1.2. */
  k1?: number;
  /** Length normalisation: 0 ignores document length, 1 normalises fully. Default 0.75. */
  b?: number;
}

/**
 * Lowercase `text` and split it on every run of characters that are not `a-z` or `0-9`.
 * No empty strings: `tokenize('ERR-4012: Upload failed.')` is `['err', '4012', 'upload', 'failed']`.
 */
export function tokenize(text: string): string[] {
  throw new Error('TODO: implement tokenize()');
}

/**
 * The BM25 score of every doc for `query`, in the same order as `docs` (one number per doc).
 *
 * score(d) = sum over the query's tokens t of
 *   idf(t) * f * (k1 + 1) / (f + k1 * (1 - b + b * |d| / avgdl))
 * with idf(t) = ln(1 + (N - n + 0.5) / (n + 0.5)). README.md defines every symbol.
 * `k1` defaults to 1.2 and `b` to 0.75.
 */
export function bm25(docs: Doc[], query: string, opts: Bm25Options = {}): number[] {
  throw new Error('TODO: implement bm25()');
}
