export interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface PrefillOptions {
  model: string;
  /** Instructions. Leave the system message out of the request when this is empty or missing. */
  system?: string;
  /** The user's turn: the task and its input. */
  user: string;
  /** The start of the answer, written for the model: `[`, `{"sentiment": "` or `<summary>`. */
  prefill: string;
  /** Where the model must stop, e.g. `['</summary>']`: 1 to 4 non-empty strings. */
  stop: string[];
  /** The most tokens the model may generate: a positive integer. */
  maxTokens: number;
}

/** An OpenAI-style chat completion request body, as sent. */
export interface ChatRequest {
  model: string;
  messages: Message[];
  stop: string[];
  max_tokens: number;
}

/**
 * The request body that makes the model continue `prefill` and stop at a stop sequence.
 *
 * - `messages`: the system message (only when `system` is not empty), the user message,
 *   then an assistant message whose content is exactly `prefill` (the last message).
 * - `stop`: a new array with the stop sequences, in order; `max_tokens`: `maxTokens`.
 * - Throws an Error that mentions `stop` unless there are 1 to 4 stop sequences, none empty;
 *   one that mentions `prefill` when the prefill is empty or ends with whitespace; one that
 *   mentions `maxTokens` unless it is a positive integer.
 */
export function buildRequest(opts: PrefillOptions): ChatRequest {
  throw new Error('TODO: implement buildRequest()');
}

/**
 * The full answer from the prefill and the completion the server returned.
 *
 * - The answer is the prefill followed by the completion.
 * - When the prefill ends with an opening tag `<name>`, the stop sequence was its closing tag
 *   `</name>`, which the server does not return: add it back at the end. If the completion
 *   contains `</name>` anyway (a server that ignored `stop`), cut the completion before it.
 */
export function reassemble(prefill: string, completion: string): string {
  throw new Error('TODO: implement reassemble()');
}
