export interface ChatRequest {
  model: string;
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
}

/** One traced model call. Times are readings of the injected clock, in ms. */
export interface Span {
  /** `chat <model>`, e.g. "chat gpt-4o-mini". */
  name: string;
  startMs: number;
  /** When the first non-empty content delta arrived; null when none did. */
  firstTokenMs: number | null;
  /** Time to first token: firstTokenMs - startMs; null when no token arrived. */
  ttftMs: number | null;
  endMs: number;
  /** endMs - startMs. */
  latencyMs: number;
  /** From the stream's final usage chunk; null when there was none. */
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  status: 'ok' | 'error';
  /** The HTTP status of the response; null when no response arrived. */
  httpStatus: number | null;
  /** Only on error spans: what went wrong. */
  error?: string;
}

export interface TraceOptions {
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  /** The clock, in ms. Production: () => performance.now(); the checks pass a fake one. */
  now: () => number;
  /** Receives the span, exactly once per call, on success and on failure. */
  record: (span: Span) => void;
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/**
 * Streams one chat completion and returns its text, recording a span for the call.
 * Reads the clock exactly at: the start, the first content token, the end.
 * On an HTTP error or a broken stream, records an error span and rethrows.
 */
export async function traced(request: ChatRequest, opts: TraceOptions): Promise<string> {
  const span: Span = {
    name: `chat ${request.model}`,
    startMs: opts.now(),
    firstTokenMs: null,
    ttftMs: null,
    endMs: 0,
    latencyMs: 0,
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    status: 'error',
    httpStatus: null,
  };
  let failure: string | undefined;
  try {
    const res = await fetch(new URL('chat/completions', opts.baseUrl.replace(/\/?$/, '/')), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(Object.assign({}, request, { stream: true, stream_options: { include_usage: true } })),
    });
    span.httpStatus = res.status;
    if (res.status < 200 || res.status >= 300) throw new Error(`chat/completions failed with status ${res.status}`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    let pending = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error('connection closed without data: [DONE]');
      const lines = (pending + value).split(/\r?\n/);
      pending = lines.pop()!;
      for (const line of lines) {
        const m = /^data:\s*(.*)$/.exec(line);
        if (!m) continue;
        if (m[1].trim() === '[DONE]') {
          span.status = 'ok';
          return text;
        }
        const chunk = JSON.parse(m[1]);
        const piece: unknown = chunk?.choices?.[0]?.delta?.content;
        if (typeof piece === 'string' && piece.length > 0) {
          span.firstTokenMs ??= opts.now();
          text += piece;
        }
        if (chunk?.usage) {
          span.promptTokens = chunk.usage.prompt_tokens;
          span.completionTokens = chunk.usage.completion_tokens;
          span.totalTokens = chunk.usage.total_tokens;
        }
      }
    }
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
    throw e;
  } finally {
    // One place records, whichever way the call ends.
    span.endMs = opts.now();
    span.latencyMs = span.endMs - span.startMs;
    span.ttftMs = span.firstTokenMs === null ? null : span.firstTokenMs - span.startMs;
    if (failure !== undefined) span.error = failure;
    opts.record(span);
  }
}

// ---------------------------------------------------------------------------------------
// Given: the checks call runTraced() with a list of clock readings. Do not change.

/** A clock that returns `readings` in order and throws when read more often than that. */
export function fakeClock(readings: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= readings.length) {
      throw new Error(`the clock was read ${i + 1} times, but this call allows ${readings.length} readings: read now() only at the start, at the first content token and at the end`);
    }
    return readings[i++];
  };
}

/** Runs traced() with a fake clock and collects what it recorded, returned or threw. */
export async function runTraced(
  request: ChatRequest,
  opts: { baseUrl: string; clock: number[] },
): Promise<{ text?: string; error?: string; spans: Span[] }> {
  const spans: Span[] = [];
  try {
    const text = await traced(request, { baseUrl: opts.baseUrl, now: fakeClock(opts.clock), record: (s) => spans.push(s) });
    return { text, spans };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e), spans };
  }
}
