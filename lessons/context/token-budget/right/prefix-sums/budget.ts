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
 * Priority: system and question (always), then chunks in rank order, then history newest first;
 * each stops at the first item that does not fit. See README.md for the exact rules.
 */
export function assemble(input: ContextInput, limit: number, countTokens: (text: string) => number = defaultCountTokens): Assembled {
  const { system, chunks, history, question } = input;
  // What a message costs in the request, not just its text: chat formats add tokens per message.
  const cost = (text: string) => MESSAGE_OVERHEAD + countTokens(text);

  let used = cost(system) + cost(question);
  if (used > limit) {
    throw new Error(`the system prompt and the question need ${used} tokens, more than the limit of ${limit}`);
  }

  // Chunks in rank order. Stop at the first one that does not fit, so what is sent is always
  // the top n of the ranking (the list your retrieval metrics were measured on).
  // How many of the top chunks fit: the longest prefix whose running total stays within limit.
  let n = 0;
  while (n < chunks.length && used + cost(chunks[n]) <= limit) used += cost(chunks[n++]);
  const keptChunks = chunks.slice(0, n);

  // History newest first: the last turns are what the question refers to. Stop at the first
  // message that does not fit, so the kept turns are contiguous, with no gap in the conversation.
  // The same from the other end: the longest suffix of the history that still fits.
  let firstKept = history.length;
  while (firstKept > 0 && used + cost(history[firstKept - 1].content) <= limit) used += cost(history[--firstKept].content);

  const messages: Message[] = [
    { role: 'system', content: system },
    ...history.slice(firstKept), // still oldest first: a conversation reads forwards
    ...keptChunks.map((chunk): Message => ({ role: 'user', content: chunk })),
    { role: 'user', content: question },
  ];
  // Count what is sent, message by message.
  return { messages, tokens: messages.reduce((sum, m) => sum + cost(m.content), 0) };
}
