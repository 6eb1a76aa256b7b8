import { messageTokens } from './tokens';

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A chat message in the OpenAI chat-completions format. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/**
 * Trims a chat history so that the kept messages cost at most `limit` tokens, where a
 * message costs `messageTokens(message)` (given in tokens.ts).
 *
 * - Always keeps every system message and the current turn: the last user message and every
 *   message after it.
 * - Drops the other messages oldest first, and only until the total fits.
 * - An assistant message with `tool_calls` and the `tool` messages that answer it are dropped
 *   together or kept together, never split.
 * - Returns the kept messages (unchanged) in their original order.
 * - Throws an Error mentioning "limit" when the messages that are always kept cost more than `limit`.
 */
export function trim(messages: ChatMessage[], limit: number): ChatMessage[] {
  throw new Error('TODO: implement trim()');
}
