// Given: you do not need to change this file.

/**
 * Counts tokens the way a model's tokenizer would, approximately and deterministically.
 *
 * Real tokenizers (BPE, WordPiece) split text into sub-word pieces from a learned vocabulary:
 * common short words are one token, long words several, digits and punctuation cost extra.
 * This stand-in follows the same shape:
 * - a run of letters costs one token per 4 letters, rounded up: "the" 1, "cache" 2, "deployment" 3;
 * - a run of digits costs one token per 3 digits, rounded up: "7" 1, "443" 1, "2024" 2;
 * - every other character that is not whitespace costs 1: "." "," "_" "(" "/" "`";
 * - whitespace is free.
 *
 * "ERR_TIMEOUT after 30s." is ERR 1 + _ 1 + TIMEOUT 2 + after 2 + 30 1 + s 1 + . 1 = 9 tokens,
 * where its 22 characters / 4 would guess 6.
 */
export function countTokens(text: string): number {
  let tokens = 0;
  for (const piece of text.match(/\p{L}+|\p{N}+|[^\s\p{L}\p{N}]/gu) ?? []) {
    if (/^\p{L}/u.test(piece)) tokens += Math.ceil(piece.length / 4);
    else if (/^\p{N}/u.test(piece)) tokens += Math.ceil(piece.length / 3);
    else tokens += 1;
  }
  return tokens;
}

/** Tokens every chat message costs on top of its content (the role and the separators). */
export const MESSAGE_OVERHEAD = 4;
