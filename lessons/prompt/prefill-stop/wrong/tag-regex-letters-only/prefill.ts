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

/** OpenAI-compatible servers accept at most 4 stop sequences and reject the request otherwise. */
const MAX_STOP = 4;

/**
 * The request body that makes the model continue `prefill` and stop at a stop sequence.
 * See README.md for the rules.
 */
export function buildRequest(opts: PrefillOptions): ChatRequest {
  const { stop, prefill, maxTokens } = opts;
  if (!Array.isArray(stop) || stop.length < 1 || stop.length > MAX_STOP) {
    throw new Error(`stop must hold 1 to ${MAX_STOP} sequences, got ${Array.isArray(stop) ? stop.length : typeof stop}`);
  }
  if (stop.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new Error('stop sequences must be non-empty strings');
  }
  // A prefill that ends in whitespace is rejected by some APIs (Anthropic's) and makes
  // others start the continuation with an unusual token; the model adds the space itself.
  if (!prefill || /\s$/.test(prefill)) {
    throw new Error('prefill must be non-empty and must not end with whitespace');
  }
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new Error(`maxTokens must be a positive integer, got ${maxTokens}`);
  }

  const messages: Message[] = [];
  if (opts.system) messages.push({ role: 'system', content: opts.system });
  messages.push({ role: 'user', content: opts.user });
  // The prefill is the start of the model's own turn, so it is the last message and an
  // assistant one: the model continues it instead of answering it.
  messages.push({ role: 'assistant', content: prefill });

  // A copy, so that the caller's array and the request body cannot change each other.
  return { model: opts.model, messages, stop: [...stop], max_tokens: maxTokens };
}

/**
 * The full answer from the prefill and the completion the server returned.
 * See README.md for the rules.
 */
export function reassemble(prefill: string, completion: string): string {
  const open = /<([A-Za-z]+)>$/.exec(prefill);
  if (!open) return prefill + completion;

  // The prefill opened an element, so its closing tag was the stop sequence: the server
  // stopped there and left it out. A server that ignored `stop` returns it and whatever the
  // model wrote after it; apply the stop sequence here too.
  const close = `</${open[1]}>`;
  const at = completion.indexOf(close);
  const body = at === -1 ? completion : completion.slice(0, at);
  return prefill + body + close;
}
