export interface ChunkOptions {
  /** The most tokens (words) a chunk may hold. A positive integer. */
  maxTokens: number;
  /** How many tokens consecutive chunks share. An integer, 0 <= overlap < maxTokens. */
  overlap: number;
}

// Wrong: scans the window forwards and stops at the FIRST usable sentence end,
// so chunks are shorter than they need to be.
export function chunk(text: string, opts: ChunkOptions): string[] {
  const { maxTokens, overlap } = opts;
  if (maxTokens < 1 || overlap < 0 || overlap >= maxTokens) {
    throw new Error(`overlap must be from 0 to maxTokens - 1, got ${overlap}`);
  }
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const chunks: string[] = [];
  let start = 0;
  while (start < words.length) {
    if (words.length - start <= maxTokens) {
      chunks.push(words.slice(start).join(' '));
      break;
    }
    let end = start + maxTokens;
    for (let i = start + overlap; i < start + maxTokens; i++) {
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
