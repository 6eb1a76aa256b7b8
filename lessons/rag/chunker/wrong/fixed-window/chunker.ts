export interface ChunkOptions {
  /** The most tokens (words) a chunk may hold. A positive integer. */
  maxTokens: number;
  /** How many tokens consecutive chunks share. An integer, 0 <= overlap < maxTokens. */
  overlap: number;
}

// Wrong: a plain sliding window that ignores sentence ends; size, overlap and
// coverage are right, but chunks are cut mid-sentence.
export function chunk(text: string, opts: ChunkOptions): string[] {
  const { maxTokens, overlap } = opts;
  if (maxTokens < 1 || overlap < 0 || overlap >= maxTokens) {
    throw new Error(`overlap must be from 0 to maxTokens - 1, got ${overlap}`);
  }
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const chunks: string[] = [];
  const step = maxTokens - overlap;
  for (let start = 0; start < words.length; start += step) {
    chunks.push(words.slice(start, start + maxTokens).join(' '));
    if (start + maxTokens >= words.length) break;
  }
  return chunks;
}
