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
  return text
    .toLowerCase()
    // Wrong: \W keeps the underscore as part of a word, so "api_key" is one token, and it
    // differs from the README's a-z/0-9 rule that the index and the query must share.
    .split(/\W+/)
    .filter((t) => t.length > 0);
}

/**
 * The BM25 score of every doc for `query`, in the same order as `docs`.
 *
 * score(d) = sum over the query's tokens t of
 *   idf(t) * f * (k1 + 1) / (f + k1 * (1 - b + b * |d| / avgdl))
 * with idf(t) = ln(1 + (N - n + 0.5) / (n + 0.5)); see README.md for every symbol.
 */
export function bm25(docs: Doc[], query: string, opts: Bm25Options = {}): number[] {
  const k1 = opts.k1 ?? 1.2;
  const b = opts.b ?? 0.75;
  const N = docs.length;

  // One pass over the corpus: term counts per doc, lengths in tokens, document frequency.
  const counts = docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of tokenize(d.text)) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  });
  // |d| is the number of tokens, repeats included (not the number of distinct terms).
  const lengths = docs.map((d) => tokenize(d.text).length);
  const avgdl = N === 0 ? 0 : lengths.reduce((s, n) => s + n, 0) / N;
  const df = new Map<string, number>();
  for (const tf of counts) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);

  // Every query token counts, so a term repeated in the query adds its score again.
  const terms = tokenize(query);
  return docs.map((_, i) => {
    // Only a doc with no tokens can make avgdl 0, and it matches nothing anyway.
    if (avgdl === 0) return 0;
    const norm = k1 * (1 - b + (b * lengths[i]) / avgdl);
    let score = 0;
    for (const t of terms) {
      const f = counts[i].get(t) ?? 0;
      if (f === 0) continue;
      const n = df.get(t) ?? 0;
      // The +1 inside the log keeps idf positive even for a term in most docs.
      const idf = Math.log(1 + (N - n + 0.5) / (n + 0.5));
      score += (idf * f * (k1 + 1)) / (f + norm);
    }
    return score;
  });
}
