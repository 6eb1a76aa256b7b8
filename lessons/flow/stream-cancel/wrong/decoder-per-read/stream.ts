export interface StreamOptions {
  /** Stop as soon as the assembled text has at least this many characters. */
  abortAfterChars?: number;
}

export interface StreamResult {
  /** Every `delta.content` received, in order (the partial text when stopped early). */
  text: string;
  /** The last non-null `finish_reason` seen, e.g. "stop" or "length"; null if none. */
  finishReason: string | null;
  /** True when the stream was stopped because of `abortAfterChars`. */
  aborted: boolean;
  /** Set when the stream broke: a data line that is not JSON, or no `[DONE]` before the end. */
  error?: string;
}

interface Chunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
}

/**
 * Assembles a chat-completions SSE stream from `reads`: the text of each network read, in
 * order, split at arbitrary places (inside a line, inside a JSON object, inside "[DONE]").
 */
export async function readSse(reads: AsyncIterable<string> | Iterable<string>, opts: StreamOptions = {}): Promise<StreamResult> {
  let text = '';
  let finishReason: string | null = null;
  // What has arrived after the last newline: the start of a line whose end is still on the way.
  let buffer = '';
  try {
    for await (const read of reads) {
      buffer += read;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const raw of lines) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        // Blank lines end an event; ":" lines are comments (keep-alives); other fields are not ours.
        if (!line.startsWith('data:')) continue;
        const payload = line.slice(5).trim();
        // The end marker is not JSON, and nothing after it belongs to this answer.
        if (payload === '[DONE]') return { text, finishReason, aborted: false };
        let chunk: Chunk;
        try {
          chunk = JSON.parse(payload) as Chunk;
        } catch {
          return { text, finishReason, aborted: false, error: `malformed chunk (not JSON): ${payload.slice(0, 60)}` };
        }
        // The usage chunk (stream_options.include_usage) has `choices: []`.
        const choice = chunk.choices?.[0];
        const content = choice?.delta?.content;
        if (typeof content === 'string') text += content;
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        // Checked after every delta, so the cut does not depend on how the network grouped them.
        if (opts.abortAfterChars !== undefined && text.length >= opts.abortAfterChars) {
          return { text, finishReason: null, aborted: true };
        }
      }
    }
  } catch (e) {
    // The connection broke mid-stream: keep what arrived, say what happened.
    return { text, finishReason, aborted: false, error: `stream failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { text, finishReason, aborted: false, error: 'stream ended before [DONE]' };
}

/** The body's bytes as text, one string per network read. */
async function* decode(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Wrong: each read is decoded on its own; a character whose bytes straddle two reads
      // becomes two replacement characters (U+FFFD).
      yield Buffer.from(value).toString('utf8');
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Streams a chat completion: POSTs `body` with `stream: true` to `${baseUrl}/chat/completions`
 * and assembles the reply with readSse. Stops the request when `abortAfterChars` is reached.
 * Throws when the response is not 2xx (nothing has streamed yet, so there is nothing to keep).
 */
export async function streamAnswer(baseUrl: string, body: Record<string, unknown>, opts: StreamOptions = {}): Promise<StreamResult> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ ...body, stream: true }),
    signal: controller.signal,
  });
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  const result = await readSse(decode(res.body), opts);
  // Stopped early: close the connection, so the server stops generating (and billing) tokens.
  if (result.aborted) controller.abort();
  return result;
}
