// The model client's fetch. Local models (Ollama, LM Studio, llama.cpp, the scripted test server)
// answer over plain http, where the model's own time can be under a millisecond and fetch's
// machinery (undici's request pipeline and web streams) was most of a run: about 0.7 ms a
// request and 100 ms the first time. So a plain-http request with a text body goes over node:http
// with a keep-alive agent; https, redirects and anything unusual stay with fetch.
// Errors keep fetch's shapes ("fetch failed" with the socket error as cause, "terminated" for a
// body cut off, the signal's AbortError), so the error mapping in errors.ts sees no difference.
import * as http from 'node:http';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type { FetchLike } from './cappedFetch';

/** A body announced at most this long is read whole before the Response is made (no stream). */
const WHOLE_BODY_BYTES = 256 * 1024;
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

const agent = new http.Agent({ keepAlive: true });

export const localFetch: FetchLike = (input, init) => {
  const url = typeof input === 'string' || input instanceof URL ? new URL(input) : undefined;
  if (url?.protocol !== 'http:' || !isTextBody(init?.body)) return fetch(input, init);
  return httpFetch(url, init ?? {});
};

function isTextBody(body: unknown): body is string | Uint8Array | null | undefined {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
}

function httpFetch(url: URL, init: RequestInit): Promise<Response> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  const body = init.body as string | Uint8Array | null | undefined;
  const headers = requestHeaders(init.headers, body);
  return new Promise<Response>((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers, agent });
    const onAbort = (): void => {
      const reason = abortReason(signal);
      req.destroy();
      reject(reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settled = (): void => signal?.removeEventListener('abort', onAbort);
    req.on('error', (err) => {
      settled();
      reject(signal?.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: err }));
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      // Redirects (fetch follows them) and statuses a Response cannot carry: fetch does it all again.
      if ((REDIRECT_STATUS.has(status) && res.headers.location) || status < 200 || status > 599) {
        settled();
        res.resume();
        resolve(fetch(url, init));
        return;
      }
      respond(res, url, signal, settled).then(resolve, reject);
    });
    req.end(body ?? undefined);
  });
}

/** fetch's request headers, plus the length (node:http would otherwise send the body chunked). */
function requestHeaders(init: HeadersInit | undefined, body: string | Uint8Array | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, name) => (out[name] = value));
  if (body !== undefined && body !== null) out['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  return out;
}

async function respond(res: http.IncomingMessage, url: URL, signal: AbortSignal | undefined, settled: () => void): Promise<Response> {
  const status = res.statusCode ?? 0;
  const headers = responseHeaders(res.rawHeaders);
  const decoded = decode(res);
  const length = Number(res.headers['content-length']);
  let body: BodyInit | null;
  if (NULL_BODY_STATUS.has(status)) {
    res.resume();
    settled();
    body = null;
  } else if (decoded === res && Number.isInteger(length) && length <= WHOLE_BODY_BYTES) {
    body = await readWhole(res, signal).finally(settled);
  } else {
    body = streamOf(decoded, res, signal, settled);
  }
  const response = new Response(body, { status, statusText: res.statusMessage ?? '', headers });
  // The SDK names the URL in its log lines; a constructed Response has none.
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}

function responseHeaders(raw: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i], raw[i + 1]);
    } catch {
      // A header fetch would not accept either: left out, as fetch's own parser drops it.
    }
  }
  return headers;
}

/** fetch undoes gzip, deflate and br; so does this (our requests never ask for them). */
function decode(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const inflate = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : undefined;
  if (!inflate) return res;
  res.on('error', (e) => inflate.destroy(e));
  return res.pipe(inflate);
}

function readWhole(res: http.IncomingMessage, signal: AbortSignal | undefined): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      const all = Buffer.concat(chunks);
      resolve(new Uint8Array(all.buffer as ArrayBuffer, all.byteOffset, all.byteLength));
    });
    res.on('close', () => {
      if (!res.complete) reject(signal?.aborted ? abortReason(signal) : terminated());
    });
    res.on('error', () => undefined);
  });
}

/** The body as a web stream with back-pressure; a connection that closes early errors it as fetch does. */
function streamOf(source: Readable, res: http.IncomingMessage, signal: AbortSignal | undefined, settled: () => void): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const finish = (err?: unknown): void => {
        if (done) return;
        done = true;
        settled();
        signal?.removeEventListener('abort', onAbort);
        if (err) controller.error(err);
        else controller.close();
      };
      const onAbort = (): void => {
        finish(abortReason(signal));
        res.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      source.on('data', (c: Buffer) => {
        if (done) return;
        controller.enqueue(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) source.pause();
      });
      source.on('end', () => finish());
      source.on('error', (e) => finish(signal?.aborted ? abortReason(signal) : terminated(e)));
      res.on('close', () => {
        if (!res.complete) finish(signal?.aborted ? abortReason(signal) : terminated());
      });
    },
    pull() {
      source.resume();
    },
    cancel() {
      done = true;
      settled();
      res.destroy();
    },
  });
}

function terminated(cause?: unknown): TypeError {
  return new TypeError('terminated', cause === undefined ? undefined : { cause });
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
