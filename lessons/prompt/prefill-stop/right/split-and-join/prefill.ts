export interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface PrefillOptions {
  model: string;
  system?: string;
  user: string;
  prefill: string;
  stop: string[];
  maxTokens: number;
}

export interface ChatRequest {
  model: string;
  messages: Message[];
  stop: string[];
  max_tokens: number;
}

// Another style: the problems are collected first, then the body is one literal;
// reassemble splits on the closing tag instead of searching for it.
function problem(opts: PrefillOptions): string | undefined {
  const stops = opts.stop;
  if (!Array.isArray(stops) || stops.length === 0 || stops.length > 4) return 'stop: give 1 to 4 sequences';
  if (stops.some((s) => typeof s !== 'string' || s === '')) return 'stop: every sequence must be a non-empty string';
  if (typeof opts.prefill !== 'string' || opts.prefill.trimEnd() !== opts.prefill || opts.prefill === '') return 'prefill: must be non-empty, with no trailing whitespace';
  if (!(Number.isSafeInteger(opts.maxTokens) && opts.maxTokens > 0)) return 'maxTokens: must be a positive integer';
  return undefined;
}

export function buildRequest(opts: PrefillOptions): ChatRequest {
  const why = problem(opts);
  if (why) throw new Error(why);
  const system: Message[] = opts.system ? [{ role: 'system', content: opts.system }] : [];
  return {
    model: opts.model,
    messages: [...system, { role: 'user', content: opts.user }, { role: 'assistant', content: opts.prefill }],
    stop: opts.stop.slice(),
    max_tokens: opts.maxTokens,
  };
}

export function reassemble(prefill: string, completion: string): string {
  const name = prefill.match(/<([a-zA-Z][a-zA-Z0-9_-]*)>$/)?.[1];
  if (name === undefined) return `${prefill}${completion}`;
  const closing = `</${name}>`;
  const [before] = completion.split(closing);
  return `${prefill}${before}${closing}`;
}
