// A small OpenAI-compatible HTTP server with scripted answers, bound to 127.0.0.1. Tests drive
// the real `openai` SDK against it over real HTTP; lessons can ship one so they run offline.
// node:http only, no dependencies.
//
// Routes (under /v1):
//   POST /chat/completions  JSON or SSE stream (`stream: true`), usage chunk when
//                           `stream_options.include_usage`, then `data: [DONE]`
//   POST /embeddings        deterministic, L2-normalised vectors (float or base64)
//   GET  /models            the `models` list
//   GET  /__dojo/requests   the requests recorded so far (what a lesson's checks inspect); it
//                           waits briefly for requests still in flight to end, so a client's
//                           hang-up that is on its way is recorded before the checks read it
//
// Replies: one ScriptedReply for every request, an array consumed in order (the last one
// repeats; that is how a test scripts 429-then-200), or a function of the request. Static replies
// apply to chat and embeddings requests only; a function is asked for every request, /models too.
// The default reply echoes: "echo: <last user message>".

import * as http from 'node:http';
import type { Socket } from 'node:net';
import type { Usage } from './types';
import { REQUESTS_ROUTE } from './requestsRoute';
import { fnv1a, mulberry32 } from '../util/seeded';

export { REQUESTS_ROUTE };

export interface ScriptedReply {
  /** Chat answer (default: "echo: <last user message>"). */
  text?: string;
  /** Overrides the computed usage (one token per word). */
  usage?: Partial<Usage>;
  /** Wait this long before answering (before the headers). */
  latencyMs?: number;
  /** Streaming: wait this long between chunks. */
  chunkDelayMs?: number;
  /** Answer with this status; with no `error`, a stock OpenAI-shaped error body. */
  status?: number;
  error?: { message: string; type?: string; code?: string };
  /** Extra response headers, e.g. { 'Retry-After': '1' }. */
  headers?: Record<string, string>;
  /**
   * Streaming only, after about half the chunks:
   * 'truncate' destroys the socket (no terminating chunk, no [DONE]);
   * 'garbage' sends a data line that is not JSON;
   * 'no-done' ends the response cleanly but without a finish reason or [DONE].
   */
  malformed?: 'truncate' | 'garbage' | 'no-done';
  /** Never answer (the socket stays open until the client gives up or the server closes). */
  hang?: boolean;
  /**
   * Streaming: how each SSE event is cut into writes, as real providers' bytes arrive.
   * 'bytes' cuts every event inside "data:", inside the JSON, through the first multi-byte
   * UTF-8 character and between its two newlines; a number writes at most that many bytes
   * at a time. The pieces are `splitDelayMs` apart, so the client reads them separately.
   */
  split?: 'bytes' | number;
  /** Streaming: the pause between the pieces of a split event (default 3). */
  splitDelayMs?: number;
  /** Streaming: write `data:{...}` without the space after the colon (the SSE spec allows both). */
  dataNoSpace?: boolean;
  /** Streaming: end lines with "\r\n" instead of "\n". */
  crlf?: boolean;
  /** Default 'stop', or 'tool_calls' when there are tool calls. */
  finishReason?: string;
  /** The assistant asks for these tool calls (content is empty unless `text` is set too). */
  toolCalls?: ScriptedToolCall[];
}

export interface ScriptedToolCall {
  /** Default call_<n>. */
  id?: string;
  name: string;
  /** An object is sent JSON-encoded; a string is sent as is (a test can send malformed JSON). */
  arguments: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path with query, e.g. "/v1/chat/completions". */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; the raw string when it is not JSON; undefined when empty. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** Milliseconds since the server started, when the request arrived. */
  arrivedAt: number;
  /** Milliseconds since the server started, when the response ended (finished or hung up); null while in flight. */
  endedAt: number | null;
  /** Requests in flight when this one arrived, itself included (max over requests = peak concurrency). */
  inFlightAtArrival: number;
  /** The client hung up (aborted) before the server finished the response. */
  clientClosed: boolean;
  /** The status answered; null before the headers were sent. */
  status: number | null;
  /** Streaming: complete SSE events written before the response ended. */
  chunksWritten: number;
  /** Streaming: the SSE events the full answer has (role, content, finish, usage, [DONE]); 0 otherwise. */
  chunksPlanned: number;
}

export type ReplyScript =
  | ScriptedReply
  | ScriptedReply[]
  | ((req: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>);

export interface ScriptedServerOptions {
  /** Default ['scripted-chat', 'scripted-embed']. */
  models?: string[];
  /** Default 8. */
  embeddingDim?: number;
  reply?: ReplyScript;
  /** Default 0: any free port. */
  port?: number;
  /** Answer for any model name instead of 404 model_not_found. */
  acceptAnyModel?: boolean;
}

export interface ScriptedServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/v1', what an OpenAI client takes as its base URL. */
  baseUrl: string;
  requests: RecordedRequest[];
  setReply(reply: ReplyScript): void;
  /** Destroys open sockets (hanging requests included) and stops listening. */
  close(): Promise<void>;
}

export const DEFAULT_SCRIPTED_MODELS = ['scripted-chat', 'scripted-embed'];

export async function startScriptedServer(opts: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const models = opts.models ?? DEFAULT_SCRIPTED_MODELS;
  const dim = Math.max(1, Math.floor(opts.embeddingDim ?? 8));
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let script: ReplyScript = opts.reply ?? {};
  let queueIndex = 0;
  let closed = false;
  let seq = 0;
  let inFlight = 0;
  const startedAt = performance.now();
  const now = (): number => Math.round((performance.now() - startedAt) * 100) / 100;
  const settling = new Set<() => void>();

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0 || closed) {
        resolve();
        return;
      }
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function replyFor(rec: RecordedRequest, scripted: boolean): Promise<ScriptedReply> {
    if (typeof script === 'function') return (await script(rec)) ?? {};
    if (!scripted) return {};
    if (Array.isArray(script)) {
      if (script.length === 0) return {};
      const r = script[Math.min(queueIndex, script.length - 1)];
      queueIndex++;
      return r;
    }
    return script;
  }

  /** Records when the response ends and whether the client hung up first. */
  function track(rec: RecordedRequest, res: http.ServerResponse, isServerAbort: () => boolean): void {
    inFlight++;
    rec.inFlightAtArrival = inFlight;
    const end = (clientClosed: boolean): void => {
      if (rec.endedAt !== null) return;
      rec.endedAt = now();
      rec.clientClosed = clientClosed;
      rec.status = res.headersSent ? res.statusCode : null;
      inFlight--;
      for (const wake of [...settling]) wake();
    };
    res.once('finish', () => end(false));
    res.once('close', () => end(!res.writableFinished && !isServerAbort() && !closed));
  }

  /** Waits (at most `ms`) until no request is in flight but those scripted to hang. */
  async function settle(ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    const busy = (): boolean => requests.some((r) => r.endedAt === null && !hanging.has(r));
    while (busy() && performance.now() < deadline && !closed) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.max(1, deadline - performance.now()));
        function done(): void {
          clearTimeout(t);
          settling.delete(done);
          resolve();
        }
        settling.add(done);
      });
    }
  }
  const hanging = new WeakSet<RecordedRequest>();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === REQUESTS_ROUTE) {
      await readBody(req);
      await settle(SETTLE_MS);
      sendJson(res, 200, requests);
      return;
    }
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body: undefined,
      arrivedAt: now(),
      endedAt: null,
      inFlightAtArrival: 0,
      clientClosed: false,
      status: null,
      chunksWritten: 0,
      chunksPlanned: 0,
    };
    let serverAbort = false;
    track(rec, res, () => serverAbort);
    requests.push(rec);
    rec.body = parseBody(await readBody(req));
    const route = routeOf(rec.method, rec.path);
    const reply = await replyFor(rec, route === 'chat' || route === 'embeddings');
    if (reply.hang) {
      hanging.add(rec);
      return;
    }

    await delay(reply.latencyMs ?? 0);
    if (closed || res.destroyed) return;

    if ((reply.status !== undefined && reply.status >= 400) || reply.error) {
      const status = reply.status ?? 500;
      sendJson(res, status, errorBody(status, reply.error), reply.headers);
      return;
    }
    if (route === 'unknown') {
      sendJson(res, 404, { error: { message: `Unknown route ${rec.method} ${rec.path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } });
      return;
    }
    if (route === 'models') {
      sendJson(res, reply.status ?? 200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'scripted' })),
      }, reply.headers);
      return;
    }

    const body = rec.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') {
      sendJson(res, 400, { error: { message: 'The request body must be a JSON object.', type: 'invalid_request_error', param: null, code: null } });
      return;
    }
    const model = typeof body.model === 'string' ? body.model : '';
    if (!opts.acceptAnyModel && reply.status === undefined && !models.includes(model)) {
      sendJson(res, 404, {
        error: {
          message: `The model \`${model}\` does not exist or you do not have access to it.`,
          type: 'invalid_request_error',
          param: null,
          code: 'model_not_found',
        },
      });
      return;
    }

    if (route === 'embeddings') {
      const input = body.input;
      const texts = typeof input === 'string' ? [input] : Array.isArray(input) && input.every((x) => typeof x === 'string') ? (input as string[]) : undefined;
      if (!texts) {
        sendJson(res, 400, { error: { message: "'input' must be a string or an array of strings.", type: 'invalid_request_error', param: 'input', code: null } });
        return;
      }
      const base64 = body.encoding_format === 'base64';
      const promptTokens = texts.reduce((n, t) => n + countTokens(t), 0);
      const usage = { prompt_tokens: reply.usage?.promptTokens ?? promptTokens, total_tokens: reply.usage?.totalTokens ?? reply.usage?.promptTokens ?? promptTokens };
      sendJson(res, reply.status ?? 200, {
        object: 'list',
        data: texts.map((t, index) => {
          const v = scriptedEmbedding(t, dim);
          return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v };
        }),
        model,
        usage,
      }, reply.headers);
      return;
    }

    // Chat completions.
    const messages = Array.isArray(body.messages) ? (body.messages as unknown[]) : [];
    const toolCalls = reply.toolCalls?.map((t, i) => ({
      id: t.id ?? `call_${seq + 1}_${i}`,
      type: 'function' as const,
      function: { name: t.name, arguments: typeof t.arguments === 'string' ? t.arguments : JSON.stringify(t.arguments ?? {}) },
    }));
    const text = reply.text ?? (toolCalls?.length ? '' : `echo: ${lastUserText(messages)}`);
    const usage = chatUsage(messages, text + (toolCalls ? JSON.stringify(toolCalls) : ''), reply.usage);
    const finishReason = reply.finishReason ?? (toolCalls?.length ? 'tool_calls' : 'stop');
    const id = `chatcmpl-scripted-${++seq}`;
    const created = Math.floor(Date.now() / 1000);

    if (body.stream !== true) {
      sendJson(res, reply.status ?? 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: toolCalls?.length && !text ? null : text, refusal: null, ...(toolCalls?.length ? { tool_calls: toolCalls } : {}) }, logprobs: null, finish_reason: finishReason }],
        usage,
      }, reply.headers);
      return;
    }

    const includeUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    res.writeHead(reply.status ?? 200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...reply.headers,
    });
    const nl = reply.crlf ? '\r\n' : '\n';
    const event = (data: string): string => `data:${reply.dataNoSpace ? '' : ' '}${data}${nl}${nl}`;
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
      event(JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...(includeUsage ? { usage: null } : {}), ...extra }));
    const pieces = splitForStream(text);
    const breakAt = reply.malformed ? Math.max(1, Math.ceil(pieces.length / 2)) : Infinity;
    rec.chunksPlanned = 1 + pieces.length + (toolCalls?.length ? 1 : 0) + 1 + (includeUsage ? 1 : 0) + 1;
    const write = (data: Buffer | string): Promise<boolean> =>
      new Promise((resolve) => {
        if (closed || res.destroyed || res.writableEnded) {
          resolve(false);
          return;
        }
        res.write(data, (err) => resolve(!err));
      });
    const send = async (data: string, pause: boolean): Promise<boolean> => {
      if (pause) await delay(reply.chunkDelayMs ?? 0);
      const parts = cutEvent(Buffer.from(data, 'utf8'), reply.split);
      for (let i = 0; i < parts.length; i++) {
        if (i > 0) await delay(reply.splitDelayMs ?? 3);
        if (!(await write(parts[i]))) return false;
      }
      rec.chunksWritten++;
      return true;
    };

    if (!(await send(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]), false))) return;
    for (let i = 0; i < pieces.length; i++) {
      if (i === breakAt) break;
      if (!(await send(chunk([{ index: 0, delta: { content: pieces[i] }, logprobs: null, finish_reason: null }]), true))) return;
    }
    if (toolCalls?.length) {
      const delta = { tool_calls: toolCalls.map((t, index) => ({ index, ...t })) };
      if (!(await send(chunk([{ index: 0, delta, logprobs: null, finish_reason: null }]), true))) return;
    }
    switch (reply.malformed) {
      case 'truncate':
        serverAbort = true;
        res.socket?.destroy();
        return;
      case 'no-done':
        res.end();
        return;
      case 'garbage':
        if (!(await send(event('{"choices": [ this is not JSON'), true))) return;
        break;
    }
    if (!(await send(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]), true))) return;
    if (includeUsage && !(await send(chunk([], { usage }), false))) return;
    if (!(await send(event('[DONE]'), false))) return;
    res.end();
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (closed) return;
      if (!res.headersSent) {
        sendJson(res, 500, { error: { message: `Scripted server failed: ${e instanceof Error ? e.message : String(e)}`, type: 'server_error', param: null, code: null } });
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The scripted server has no TCP address.');
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    baseUrl: `${url}/v1`,
    requests,
    setReply(reply: ReplyScript): void {
      script = reply;
      queueIndex = 0;
    },
    close(): Promise<void> {
      if (closed) return Promise.resolve();
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      sockets.clear();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The scripted embedding: a bag of words, each word a pseudo-random vector seeded by its hash,
 *  summed and L2-normalised. Deterministic, and texts that share words point the same way. */
export function scriptedEmbedding(text: string, dim: number): number[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [text];
  const v = new Array<number>(dim).fill(0);
  for (const w of words) {
    const next = mulberry32(fnv1a(w));
    for (let i = 0; i < dim; i++) v[i] += next() * 2 - 1;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  if (norm === 0) return v.map((_, i) => (i === 0 ? 1 : 0));
  return v.map((x) => x / norm);
}

/** How long GET /__dojo/requests waits for requests in flight to end (a hang-up on its way). */
const SETTLE_MS = 400;

/**
 * The writes of one SSE event. 'bytes': cut inside "data:", through the first multi-byte
 * character (or in the middle of the JSON), and between the closing newlines; n: n-byte writes.
 */
export function cutEvent(bytes: Buffer, split: 'bytes' | number | undefined): Buffer[] {
  if (split === undefined || bytes.length < 2) return [bytes];
  const cuts = new Set<number>();
  if (split === 'bytes') {
    cuts.add(Math.min(3, bytes.length - 1));
    const multi = bytes.findIndex((b) => b >= 0xc0);
    cuts.add(multi >= 0 && multi + 1 < bytes.length ? multi + 1 : Math.floor(bytes.length / 2));
    cuts.add(bytes.length - 1);
  } else {
    const size = Math.max(1, Math.floor(split));
    for (let at = size; at < bytes.length; at += size) cuts.add(at);
  }
  const sorted = [...cuts].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const c of sorted) {
    parts.push(bytes.subarray(from, c));
    from = c;
  }
  parts.push(bytes.subarray(from));
  return parts;
}

/** Words with their leading whitespace, so the pieces join back to the text exactly. */
function splitForStream(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

function countTokens(s: string): number {
  const t = s.trim();
  return t === '' ? 0 : t.split(/\s+/).length;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : ''))
      .join('');
  }
  return '';
}

function lastUserText(messages: unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (m && m.role === 'user') return contentText(m.content);
  }
  return '';
}

function chatUsage(messages: unknown[], text: string, override: Partial<Usage> | undefined): Record<string, unknown> {
  const prompt = override?.promptTokens ?? messages.reduce<number>((n, m) => n + countTokens(contentText((m as { content?: unknown } | null)?.content)), 0);
  const completion = override?.completionTokens ?? countTokens(text);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: override?.totalTokens ?? prompt + completion,
    ...(override?.cachedTokens !== undefined ? { prompt_tokens_details: { cached_tokens: override.cachedTokens } } : {}),
  };
}

type Route = 'chat' | 'embeddings' | 'models' | 'unknown';

function routeOf(method: string, path: string): Route {
  const p = path.split('?')[0].replace(/\/+$/, '');
  if (method === 'POST' && p === '/v1/chat/completions') return 'chat';
  if (method === 'POST' && p === '/v1/embeddings') return 'embeddings';
  if (method === 'GET' && p === '/v1/models') return 'models';
  return 'unknown';
}

const STOCK_ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: 'Bad request.', type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { message: 'You are not allowed to use this model.', type: 'invalid_request_error', code: 'permission_denied' },
  404: { message: 'Not found.', type: 'invalid_request_error', code: 'not_found' },
  429: { message: 'Rate limit reached. Please try again later.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request.', type: 'server_error', code: null },
  503: { message: 'The server is overloaded. Please try again later.', type: 'server_error', code: null },
};

function errorBody(status: number, error: ScriptedReply['error']): unknown {
  const stock = STOCK_ERRORS[status] ?? { message: `Scripted error ${status}.`, type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null };
  return {
    error: {
      message: error?.message ?? stock.message,
      type: error?.type ?? stock.type,
      param: null,
      code: error?.code ?? stock.code,
    },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
