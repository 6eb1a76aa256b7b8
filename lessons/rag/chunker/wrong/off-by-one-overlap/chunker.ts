export interface ChunkOptions {
  /** The most tokens (words) a chunk may hold. A positive integer. */
  maxTokens: number;
  /** How many tokens consecutive chunks share. An integer, 0 <= overlap < maxTokens. */
  overlap: number;
}

// Wrong: the next chunk starts one word too late, so neighbours share overlap - 1 words
// (and with overlap 0 a word is skipped between chunks).
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
    for (let i = start + maxTokens - 1; i >= start + overlap; i--) {
      if (/[.!?]$/.test(words[i])) {
        end = i + 1;
        break;
      }
    }
    chunks.push(words.slice(start, end).join(' '));
    start = end - overlap + 1;
  }
  return chunks;
}
