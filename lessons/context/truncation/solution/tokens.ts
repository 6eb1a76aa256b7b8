// Given: you do not need to change this file.
import type { ChatMessage } from './trim';

/**
 * Counts tokens the way a model's tokenizer would, approximately and deterministically:
 * - a run of letters costs one token per 4 letters, rounded up: "the" 1, "order" 2, "shipment" 2;
 * - a run of digits costs one token per 3 digits, rounded up: "7" 1, "2025" 2;
 * - every other character that is not whitespace costs 1: "." "," "{" "\"" ":" "_";
 * - whitespace is free.
 * JSON is expensive: every brace, quote, colon and comma is a token.
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

/**
 * What one message costs in a request: MESSAGE_OVERHEAD, its content (null counts as empty)
 * and, for an assistant message with tool calls, each call's function name and arguments.
 */
export function messageTokens(message: ChatMessage): number {
  let tokens = MESSAGE_OVERHEAD + countTokens(message.content ?? '');
  if (message.role === 'assistant') {
    for (const call of message.tool_calls ?? []) {
      tokens += countTokens(call.function.name) + countTokens(call.function.arguments);
    }
  }
  return tokens;
}
