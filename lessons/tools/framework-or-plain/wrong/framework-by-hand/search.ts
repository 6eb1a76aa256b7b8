export interface Doc {
  id: string;
  title: string;
  /** The doc's embedding (not normalised). */
  vector: number[];
}

export interface Hit {
  id: string;
  /** Cosine similarity with the query. */
  score: number;
}

/**
 * Plain code: for each query, the k docs with the highest cosine similarity, best first; equal
 * scores by id ascending. Returns one list per query.
 */
export function searchPlain(docs: Doc[], queries: number[][], k: number): Hit[][] {
  const unit = (v: number[]) => {
    const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
    return v.map((x) => x / n);
  };
  // Normalise once: then the dot product is the cosine.
  const index = docs.map((d) => ({ id: d.id, v: unit(d.vector) }));
  return queries.map((query) => {
    const q = unit(query);
    return index
      .map(({ id, v }) => ({ id, score: v.reduce((s, x, i) => s + x * q[i], 0) }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, Math.max(0, k));
  });
}

/**
 * The same search with Orama (@orama/orama): an in-memory index with a vector field, and one
 * vector search per query. Same results as searchPlain.
 */
export async function searchFramework(docs: Doc[], queries: number[][], k: number): Promise<Hit[][]> {
  // Wrong: no Orama at all. The cosine is written out by hand again (async, so it "looks" like a
  // framework call), so there is nothing to compare: the results match, but it is the plain version twice.
  if (k <= 0) return queries.map(() => []);
  const cosine = (a: number[], b: number[]) => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / (Math.sqrt(na) * Math.sqrt(nb) || 1);
  };
  return queries.map((query) =>
    docs
      .map((d) => ({ id: d.id, score: cosine(d.vector, query) }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, k),
  );
}
