export interface ChunkOptions {
  /** The most tokens (words) a chunk may hold. A positive integer. */
  maxTokens: number;
  /** How many tokens consecutive chunks share. An integer, 0 <= overlap < maxTokens. */
  overlap: number;
}

// Wrong: silently clamps a bad overlap instead of rejecting it, so a caller's
// configuration mistake goes unnoticed.
export function chunk(text: string, opts: ChunkOptions): string[] {
  const maxTokens = Math.max(1, opts.maxTokens);
  const overlap = Math.min(Math.max(0, opts.overlap), maxTokens - 1);
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
    start = end - overlap;
  }
  return chunks;
}
