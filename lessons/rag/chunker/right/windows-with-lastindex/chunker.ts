export interface ChunkOptions {
  /** The most tokens (words) a chunk may hold. A positive integer. */
  maxTokens: number;
  /** How many tokens consecutive chunks share. An integer, 0 <= overlap < maxTokens. */
  overlap: number;
}

/** A word ends a sentence when its last character is `.`, `!` or `?`. */
function endsSentence(word: string): boolean {
  return /[.!?]$/.test(word);
}

/**
 * Split `text` into overlapping chunks of whitespace-separated words.
 * Chunks prefer to end at a sentence boundary; see README.md for the exact rules.
 */
export function chunk(text: string, opts: ChunkOptions): string[] {
  const { maxTokens, overlap } = opts;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new Error(`maxTokens must be a positive integer, got ${maxTokens}`);
  }
  if (!Number.isInteger(overlap) || overlap < 0 || overlap >= maxTokens) {
    throw new Error(`overlap must be an integer from 0 to maxTokens - 1 (${maxTokens - 1}), got ${overlap}`);
  }

  const words = text.trim() === '' ? [] : text.trim().split(/\s+/);
  const chunks: string[][] = [];
  let rest = words;
  while (rest.length > 0) {
    if (rest.length <= maxTokens) {
      chunks.push(rest);
      break;
    }
    const window = rest.slice(0, maxTokens);
    // Lengths that end on a sentence mark and keep more than `overlap` words.
    const lengths = window.map((w, i) => (endsSentence(w) && i + 1 > overlap ? i + 1 : 0));
    const length = Math.max(...lengths) || maxTokens;
    chunks.push(window.slice(0, length));
    rest = rest.slice(length - overlap);
  }
  return chunks.map((c) => c.join(' '));
}
