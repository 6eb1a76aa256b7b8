export interface ChunkOptions {
  /** The most tokens (words) a chunk may hold. A positive integer. */
  maxTokens: number;
  /** How many tokens consecutive chunks share. An integer, 0 <= overlap < maxTokens. */
  overlap: number;
}

/**
 * Split `text` into overlapping chunks of whitespace-separated words.
 *
 * - A token is a whitespace-separated word; a chunk is its words joined by single spaces.
 * - Every chunk has at most `maxTokens` words and is never empty.
 * - Consecutive chunks share exactly `overlap` words.
 * - A chunk prefers to end at a word ending in `.`, `!` or `?` (see README.md for the rules).
 * - Empty or whitespace-only text gives `[]`.
 * - Throws if `maxTokens < 1`, `overlap < 0` or `overlap >= maxTokens`.
 */
export function chunk(text: string, opts: ChunkOptions): string[] {
  throw new Error('TODO: implement chunk()');
}
