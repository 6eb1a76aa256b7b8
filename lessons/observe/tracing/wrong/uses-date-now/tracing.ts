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
  // Wrong: the start is read from the system clock instead of the injected one.
  const startMs = Date.now();
  let firstTokenMs: number | null = null;
  let httpStatus: number | null = null;
  let usage: Usage | null = null;
  let text = '';

  // Every exit goes through here, so there is one span per call whatever happens.
  const finish = (error?: string): void => {
    const endMs = opts.now();
    opts.record({
      name: `chat ${request.model}`,
      startMs,
      firstTokenMs,
      ttftMs: firstTokenMs === null ? null : firstTokenMs - startMs,
      endMs,
      latencyMs: endMs - startMs,
      promptTokens: usage?.prompt_tokens ?? null,
      completionTokens: usage?.completion_tokens ?? null,
      totalTokens: usage?.total_tokens ?? null,
      status: error === undefined ? 'ok' : 'error',
      httpStatus,
      ...(error === undefined ? {} : { error }),
    });
  };

  try {
    const res = await fetch(`${opts.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Without include_usage a stream carries no token counts at all.
      body: JSON.stringify({ ...request, stream: true, stream_options: { include_usage: true } }),
    });
    httpStatus = res.status;
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`);

    const decoder = new TextDecoder();
    let buffer = '';
    let done = false;
    for await (const bytes of res.body) {
      buffer += decoder.decode(bytes, { stream: true });
      // SSE events can be split across network reads: only handle complete lines.
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') {
          done = true;
          continue;
        }
        const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string | null } }[]; usage?: Usage | null };
        const content = chunk.choices?.[0]?.delta?.content;
        if (content) {
          // The first chunk is the role with empty content: that is not a token yet.
          if (firstTokenMs === null) firstTokenMs = opts.now();
          text += content;
        }
        if (chunk.usage) usage = chunk.usage;
      }
    }
    if (!done) throw new Error('the stream ended before [DONE]');
  } catch (e) {
    finish(e instanceof Error ? e.message : String(e));
    throw e;
  }
  finish();
  return text;
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
