import { countTokens as defaultCountTokens, MESSAGE_OVERHEAD } from './tokens';

export type Role = 'system' | 'user' | 'assistant';

export interface Message {
  role: Role;
  content: string;
}

export interface ContextInput {
  /** The system prompt. Always sent. */
  system: string;
  /** Retrieved chunks, best-ranked first. */
  chunks: string[];
  /** Earlier turns of the conversation, oldest first. */
  history: Message[];
  /** The user's current question. Always sent. */
  question: string;
}

export interface Assembled {
  /** The messages to send, in conversation order. */
  messages: Message[];
  /** Tokens the messages cost: the content plus MESSAGE_OVERHEAD for each message. */
  tokens: number;
}

/**
 * Builds the message list for one model call within `limit` tokens.
 *
 * - A message costs `MESSAGE_OVERHEAD + countTokens(content)` tokens.
 * - The system prompt and the question are always sent; throws an Error mentioning "limit"
 *   when those two alone cost more than `limit`.
 * - Then chunks in rank order, then history newest first, each while they fit: stop at the
 *   first one that does not.
 * - Output order: system, kept history (oldest first), kept chunks (as user messages, in rank
 *   order), question (a user message). `tokens` is what they cost, at most `limit`.
 */
export function assemble(input: ContextInput, limit: number, countTokens: (text: string) => number = defaultCountTokens): Assembled {
  throw new Error('TODO: implement assemble()');
}
