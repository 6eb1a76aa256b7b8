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
  return Array.from(text.toLowerCase().matchAll(/[a-z0-9]+/g), (m) => m[0]);
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
  const idf = (t: string): number => {
    const n = df.get(t) ?? 0;
    return Math.log(1 + (N - n + 0.5) / (n + 0.5));
  };
  return counts.map((tf, i) =>
    terms.reduce((score, t) => {
      const f = tf.get(t) ?? 0;
      if (f === 0) return score;
      const lengthPart = 1 - b + b * (lengths[i] / avgdl);
      return score + idf(t) * ((f * (k1 + 1)) / (f + k1 * lengthPart));
    }, 0),
  );
}
