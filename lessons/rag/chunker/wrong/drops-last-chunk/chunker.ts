export interface ChunkOptions {
  /** The most tokens (words) a chunk may hold. A positive integer. */
  maxTokens: number;
  /** How many tokens consecutive chunks share. An integer, 0 <= overlap < maxTokens. */
  overlap: number;
}

// Wrong: only emits chunks while more than a window is left, and forgets to
// emit the remainder after the loop: the end of the document is never indexed.
export function chunk(text: string, opts: ChunkOptions): string[] {
  const { maxTokens, overlap } = opts;
  if (maxTokens < 1 || overlap < 0 || overlap >= maxTokens) {
    throw new Error(`overlap must be from 0 to maxTokens - 1, got ${overlap}`);
  }
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const chunks: string[] = [];
  let start = 0;
  while (words.length - start > maxTokens) {
    let end = start + maxTokens;
    for (let i = start + maxTokens - 1; i >= start + overlap; i--) {
      if (/[.!?]$/.test(words[i])) {
        end = i + 1;
        break;
      }
    }
    chunks.push(words.slice(start, end).join(' '));
    start = end - overlap;
  }
  return chunks;
}
