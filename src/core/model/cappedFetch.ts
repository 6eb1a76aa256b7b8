// A fetch whose response bodies are read through a size cap, so a server that answers with
// 50 MB (or an endless stream) cannot make us hold it all: past the cap the body stops with
// the error `tooLarge()` returns and the connection is closed. Error bodies (non-2xx) are only
// read for their message, so they are cut short quietly instead.

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** How much of an error page we read: enough for its message or HTML title. */
export const ERROR_BODY_BYTES = 64 * 1024;

export function cappedFetch(inner: FetchLike, maxBytes: number, tooLarge: () => Error): FetchLike {
  return async (input, init) => {
    const res = await inner(input, init);
    if (!res.body) return res;
    const limit = res.ok ? maxBytes : Math.min(maxBytes, ERROR_BODY_BYTES);
    // fetch reads no more of a plain body than its Content-Length: within the limit it is passed
    // as it is, without a stream to copy it through (most of the cost of a small local answer).
    if (lengthWithin(res.headers, limit)) return res;
    const body = res.body.pipeThrough(capStream(limit, res.ok ? tooLarge : undefined));
    const capped = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    // The SDK reads `url` for its log lines; a constructed Response has none.
    Object.defineProperty(capped, 'url', { value: res.url });
    return capped;
  };
}

/** A Content-Length of at most `limit` that frames the body as it is (not chunked, not compressed). */
function lengthWithin(headers: Headers, limit: number): boolean {
  const length = headers.get('content-length');
  const encoding = headers.get('content-encoding');
  return length !== null && /^\d+$/.test(length) && Number(length) <= limit && !headers.has('transfer-encoding') && (encoding === null || encoding === 'identity');
}

/** Passes bytes through until `limit`; then errors with `tooLarge()`, or (without it) just ends. */
function capStream(limit: number, tooLarge: (() => Error) | undefined): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen <= limit) {
        controller.enqueue(chunk);
        return;
      }
      if (tooLarge) {
        controller.error(tooLarge());
        return;
      }
      const room = chunk.byteLength - (seen - limit);
      if (room > 0) controller.enqueue(chunk.subarray(0, room));
      controller.terminate();
    },
  });
}
