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

/**
 * Streams one chat completion (POST `${baseUrl}/chat/completions` with `stream: true` and
 * `stream_options: { include_usage: true }`) and returns its text.
 *
 * Calls `opts.record(span)` exactly once, on success and on failure:
 * - read `opts.now()` exactly at the start (before the request), when the first non-empty
 *   content delta arrives, and at the end (after `data: [DONE]`, or when the call failed);
 * - token counts come from the stream's final usage chunk;
 * - an HTTP error status, or a stream that ends without `data: [DONE]`, records a span with
 *   `status: 'error'` and `error`, then throws.
 */
export async function traced(request: ChatRequest, opts: TraceOptions): Promise<string> {
  throw new Error('TODO: implement traced()');
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
