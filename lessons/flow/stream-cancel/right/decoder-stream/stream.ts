export interface StreamOptions {
  /** Stop as soon as the assembled text has at least this many characters. */
  abortAfterChars?: number;
}

export interface StreamResult {
  text: string;
  finishReason: string | null;
  aborted: boolean;
  error?: string;
}

type Step = { kind: 'skip' } | { kind: 'done' } | { kind: 'bad'; payload: string } | { kind: 'chunk'; content?: string; finish?: string };

/** One SSE line, classified. */
function parseLine(line: string): Step {
  const m = /^data:(.*)$/.exec(line.replace(/\r$/, ''));
  if (!m) return { kind: 'skip' };
  const payload = m[1].trim();
  if (payload === '[DONE]') return { kind: 'done' };
  try {
    const chunk = JSON.parse(payload) as { choices?: { delta?: { content?: unknown }; finish_reason?: string | null }[] };
    const choice = Array.isArray(chunk.choices) && chunk.choices.length > 0 ? chunk.choices[0] : undefined;
    const content = choice?.delta?.content;
    return { kind: 'chunk', content: typeof content === 'string' ? content : undefined, finish: choice?.finish_reason ?? undefined };
  } catch {
    return { kind: 'bad', payload };
  }
}

/** Lines as they complete, whatever the reads look like. */
async function* linesOf(reads: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string, boolean> {
  let pending = '';
  for await (const read of reads) {
    pending += read;
    let nl: number;
    while ((nl = pending.indexOf('\n')) !== -1) {
      yield pending.slice(0, nl);
      pending = pending.slice(nl + 1);
    }
  }
  return true;
}

export async function readSse(reads: AsyncIterable<string> | Iterable<string>, opts: StreamOptions = {}): Promise<StreamResult> {
  const result: StreamResult = { text: '', finishReason: null, aborted: false };
  const limit = opts.abortAfterChars ?? Infinity;
  try {
    for await (const line of linesOf(reads)) {
      const step = parseLine(line);
      if (step.kind === 'skip') continue;
      if (step.kind === 'done') return result;
      if (step.kind === 'bad') return { ...result, error: `not JSON: ${step.payload.slice(0, 40)}` };
      if (step.content !== undefined) result.text += step.content;
      if (step.finish) result.finishReason = step.finish;
      if (result.text.length >= limit) return { text: result.text, finishReason: null, aborted: true };
    }
  } catch (e) {
    return { ...result, error: `connection lost: ${String(e)}` };
  }
  return { ...result, error: 'no [DONE] before the end of the stream' };
}

/** The body as text reads, through the platform's streaming decoder. */
async function* textReads(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    reader.releaseLock();
  }
}

export async function streamAnswer(baseUrl: string, body: Record<string, unknown>, opts: StreamOptions = {}): Promise<StreamResult> {
  const controller = new AbortController();
  const res = await fetch(new URL('chat/completions', baseUrl.endsWith('/') ? baseUrl : baseUrl + '/'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(Object.assign({}, body, { stream: true })),
    signal: controller.signal,
  });
  if (res.status < 200 || res.status > 299) throw new Error(`chat/completions answered ${res.status} ${res.statusText}`);
  try {
    return await readSse(textReads(res.body!), opts);
  } finally {
    // Whatever happened, nothing more will be read: let the server stop.
    controller.abort();
  }
}
