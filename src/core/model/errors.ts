// One error type for everything that can go wrong talking to a model, with a message a person
// can act on and the next step to take. `toModelError` maps the `openai` SDK's error classes
// (and the raw errors undici lets through while a stream is read) onto it.
//
// Never put an API key in a message: the SDK's errors carry only the server's words, and the
// client scrubs those too (see `redactModelError`).

import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export type ModelErrorKind =
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'rate-limit'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad-request'
  | 'bad-response'
  | 'cancelled';

export interface ModelErrorInit {
  kind: ModelErrorKind;
  message: string;
  action: string;
  retryable: boolean;
  status?: number;
  /** What the server said, verbatim (already scrubbed of the key by the client). */
  detail?: string;
  /** The Retry-After value the server sent (seconds or an HTTP date). */
  retryAfter?: string;
  /** Streaming: the text that arrived before the failure. */
  partialText?: string;
  cause?: unknown;
}

export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  readonly status: number | undefined;
  /** What the user should do next, one sentence. */
  readonly action: string;
  readonly retryable: boolean;
  readonly detail: string | undefined;
  readonly retryAfter: string | undefined;
  readonly partialText: string | undefined;
  /** How many tries were made before giving up (set by `withRetries`). */
  attempts: number | undefined;

  constructor(init: ModelErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ModelError';
    this.kind = init.kind;
    this.status = init.status;
    this.action = init.action;
    this.retryable = init.retryable;
    this.detail = init.detail;
    this.retryAfter = init.retryAfter;
    this.partialText = init.partialText;
  }

  /** The fields, for building a changed copy. */
  toInit(): ModelErrorInit {
    return {
      kind: this.kind,
      message: this.message,
      action: this.action,
      retryable: this.retryable,
      status: this.status,
      detail: this.detail,
      retryAfter: this.retryAfter,
      partialText: this.partialText,
      cause: this.cause,
    };
  }

  with(changes: Partial<ModelErrorInit>): ModelError {
    const copy = new ModelError({ ...this.toInit(), ...changes });
    copy.attempts = this.attempts;
    return copy;
  }
}

export interface ErrorContext {
  baseUrl: string;
  model?: string;
  /** e.g. "Ollama", "LM Studio": makes the advice specific. */
  providerLabel?: string;
  timeoutMs: number;
}

const MALFORMED = 'The stream was malformed or cut off';

/** Map anything thrown while talking to a model onto a ModelError. */
export function toModelError(err: unknown, ctx: ErrorContext): ModelError {
  if (err instanceof ModelError) return err;

  // Order matters: the connection classes extend APIError, the timeout class extends the connection one.
  if (err instanceof APIUserAbortError) return cancelledError(err);
  if (err instanceof APIConnectionTimeoutError) return timeoutError(ctx, err);
  if (err instanceof APIConnectionError) return connectionError(err.cause ?? err, ctx, err);
  if (err instanceof APIError) {
    if (typeof err.status === 'number') return statusError(err.status, err, ctx);
    // No status: an `error` object inside a 200 stream.
    const detail = serverDetail(err);
    return new ModelError({
      kind: 'server',
      message: `The endpoint at ${ctx.baseUrl} reported an error mid-answer${detail ? `: ${detail}` : '.'}`,
      action: 'Try again; if it keeps happening, check the server or try without streaming.',
      retryable: true,
      detail,
      cause: err,
    });
  }

  if (isAbortLike(err)) return cancelledError(err);
  // Streams catch their own SyntaxErrors (malformedStreamError): this is a whole answer that did not parse.
  if (err instanceof SyntaxError) return notJsonError(ctx, undefined, err);
  // Raw undici errors surface while a response body is read (the SDK does not wrap those).
  const codes = errorCodes(err);
  if (codes.includes('UND_ERR_SOCKET') || /\bterminated\b/.test(errorMessage(err))) {
    return badResponse(`The answer was cut off: the connection to ${hostPort(ctx.baseUrl)} closed before it finished.`, err);
  }
  if (codes.length > 0 || errorMessage(err) === 'fetch failed') return connectionError(err, ctx, err);

  return new ModelError({
    kind: 'bad-response',
    message: `Unexpected error talking to ${ctx.baseUrl}: ${errorMessage(err) || String(err)}`,
    action: 'Open the log for details and try again.',
    retryable: false,
    cause: err,
  });
}

export function cancelledError(cause?: unknown, partialText?: string): ModelError {
  return new ModelError({
    kind: 'cancelled',
    message: 'The request was cancelled.',
    action: 'Run it again when you are ready.',
    retryable: false,
    partialText,
    cause,
  });
}

export function timeoutError(ctx: ErrorContext, cause?: unknown, partialText?: string): ModelError {
  const seconds = formatSeconds(ctx.timeoutMs);
  const stalled = partialText !== undefined;
  return new ModelError({
    kind: 'timeout',
    message: stalled
      ? `The answer from ${ctx.baseUrl} stalled: nothing arrived for ${seconds} s.`
      : `No answer from ${ctx.baseUrl} within ${seconds} s.`,
    action: ctx.providerLabel && isLocal(ctx.providerLabel)
      ? `Check that ${ctx.providerLabel} is still working; a large local model may need a longer timeout.`
      : 'Try again; if the model is slow or large, raise the timeout.',
    retryable: true,
    partialText,
    cause,
  });
}

const TOO_LARGE = "The model's answer was larger than";

/** An answer past the client's size cap: reading stopped there rather than hold it all. */
export function answerTooLargeError(ctx: ErrorContext, limit: string, partialText?: string): ModelError {
  return new ModelError({
    kind: 'bad-response',
    message: `${TOO_LARGE} ${limit}, so reading it stopped there (from ${ctx.baseUrl}).`,
    action: 'Ask for a shorter answer (a lower max tokens, a prompt that asks for less), or check that the base URL is a model API and not a file server.',
    retryable: false,
    partialText,
  });
}

export function isAnswerTooLarge(err: ModelError): boolean {
  return err.message.startsWith(TOO_LARGE);
}

/**
 * A whole (non-streaming) answer that is not what an OpenAI-compatible API sends: not JSON at
 * all, or an HTML page (a proxy's login page, a web site at the base URL). `body` is its text.
 */
export function notJsonError(ctx: ErrorContext, body: string | undefined, cause?: unknown, status?: number): ModelError {
  const html = htmlPage(body ?? quotedInSyntaxError(cause));
  const what = html
    ? `an HTML page${html.title ? ` ("${html.title}")` : ''}`
    : body !== undefined
      ? `text that is not JSON (${JSON.stringify(body.trim().slice(0, 60))})`
      : `data that is not JSON${syntaxDetail(cause)}`;
  return new ModelError({
    kind: 'bad-response',
    status,
    message: `The endpoint at ${ctx.baseUrl} answered${status ? ` ${status}` : ''} with ${what} instead of an OpenAI-compatible JSON answer.`,
    action: html
      ? 'Check the base URL (it should be the API itself, usually ending in /v1) and any proxy in between: a login page means the proxy wants you to sign in.'
      : 'Check the base URL: OpenAI-compatible servers usually end in /v1.',
    retryable: false,
    cause,
  });
}

/** Is this text an HTML page? Then its <title>, if it has one (whitespace folded, at most 80 characters). */
export function htmlPage(text: string): { title?: string } | undefined {
  const head = text.trimStart().slice(0, 2048);
  if (!head.startsWith('<') || !/^<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]/i.test(head)) return undefined;
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(text.slice(0, 16_384));
  const title = m?.[1].replace(/\s+/g, ' ').trim().slice(0, 80);
  return title ? { title } : {};
}

/** The start of the text JSON.parse refused, as V8 quotes it: Unexpected token '<', "<html>…" is not valid JSON. */
function quotedInSyntaxError(err: unknown): string {
  const m = err instanceof SyntaxError ? /"(.*)"(?:\.\.\.)? is not valid JSON/s.exec(err.message) : null;
  return m ? m[1] : '';
}

/** JSON.parse's own words ("Unexpected token '<', \"<html>…\" is not valid JSON"), shortened. */
function syntaxDetail(err: unknown): string {
  const msg = err instanceof SyntaxError ? err.message.trim() : '';
  return msg ? ` (${msg.length > 120 ? `${msg.slice(0, 117)}…` : msg})` : '';
}

/** A stream that broke: keep what arrived so the caller can still show it. */
export function malformedStreamError(reason: string, partialText: string, cause?: unknown): ModelError {
  return new ModelError({
    kind: 'bad-response',
    message: `${MALFORMED} (${reason}).`,
    action: 'Try again; if it keeps happening, try without streaming or check the server log.',
    retryable: false,
    partialText,
    cause,
  });
}

/** Make a 'not-found' error for a model say which models the endpoint does serve. */
export function withModelList(err: ModelError, ctx: ErrorContext, models: string[] | 'no-list-route'): ModelError {
  if (err.kind !== 'not-found' || !ctx.model) return err;
  if (models === 'no-list-route') {
    return err.with({
      message: `Model "${ctx.model}" was not found at ${ctx.baseUrl} (404), and neither was its list of models.`,
      action: 'Check the base URL: OpenAI-compatible servers usually end in /v1.',
    });
  }
  const shown = models.slice(0, 20);
  const more = models.length > shown.length ? ` (and ${models.length - shown.length} more)` : '';
  const list = models.length === 0 ? ' The endpoint lists no models.' : ` Models there: ${shown.join(', ')}${more}.`;
  return err.with({ message: `${err.message}${list}` });
}

/** Replace every occurrence of `secret` in the error's text with a placeholder. */
export function redactModelError(err: ModelError, secret: string | undefined): ModelError {
  if (!secret || secret.length < 4) return err;
  const texts = [err.message, err.action, err.detail ?? '', err.partialText ?? '', errorMessage(err.cause)];
  if (!texts.some((t) => t.includes(secret))) return err;
  return err.with({
    message: redact(err.message, secret),
    action: redact(err.action, secret),
    detail: err.detail === undefined ? undefined : redact(err.detail, secret),
    partialText: err.partialText === undefined ? undefined : redact(err.partialText, secret),
    // The original error may quote the key: drop it rather than carry it around.
    cause: undefined,
  });
}

export function redact(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}

// ---------------------------------------------------------------------------------------------

function statusError(status: number, err: APIError, ctx: ErrorContext): ModelError {
  const e = statusErrorOf(status, err, ctx);
  // A status with an HTML page is not the API talking: a proxy, a gateway or a web site is.
  const html = serverDetail(err) === undefined ? htmlPage(bodyText(err)) : undefined;
  if (!html) return e;
  const page = `an HTML page${html.title ? ` ("${html.title}")` : ''}`;
  return e.with({
    detail: html.title,
    message: `The endpoint at ${ctx.baseUrl} answered ${status} with ${page}, not an API error: a proxy, a gateway or a web site answered instead of the model API.`,
    action: status >= 500
      ? 'Try again in a moment; if it persists, check the base URL and the proxy or gateway in front of the API.'
      : 'Check the base URL (it should be the API itself, usually ending in /v1) and any proxy in between: a login page means the proxy wants you to sign in.',
  });
}

/** The body of an error answer that was not JSON (the SDK puts it after the status in its message). */
function bodyText(err: APIError): string {
  if (err.error !== undefined) return '';
  const m = /^\d{3} ([\s\S]*)$/.exec(err.message);
  return m ? m[1] : '';
}

function statusErrorOf(status: number, err: APIError, ctx: ErrorContext): ModelError {
  const detail = serverDetail(err);
  const retryAfter = retryAfterOf(err);
  const base = { status, detail, retryAfter, cause: err };
  if (status === 401) {
    return new ModelError({
      ...base,
      kind: 'auth',
      message: 'The endpoint rejected the API key (401).',
      action: 'Run AI Dojo: Set API Key.',
      retryable: false,
    });
  }
  if (status === 403) {
    return new ModelError({
      ...base,
      kind: 'forbidden',
      message: `The endpoint refused access (403)${ctx.model ? ` to model "${ctx.model}"` : ''}: the API key lacks permission.`,
      action: 'Check the key\'s permissions with your provider, or run AI Dojo: Set API Key to use another key.',
      retryable: false,
    });
  }
  if (status === 404) {
    if (ctx.model) {
      return new ModelError({
        ...base,
        kind: 'not-found',
        message: `Model "${ctx.model}" was not found at ${ctx.baseUrl} (404).`,
        action: ctx.providerLabel === 'Ollama'
          ? `Pull it with \`ollama pull ${ctx.model}\`, or use one of the models listed.`
          : 'Use one of the models the endpoint serves, or check the model name.',
        retryable: false,
      });
    }
    return new ModelError({
      ...base,
      kind: 'not-found',
      message: `Nothing was found at ${ctx.baseUrl} (404).`,
      action: 'Check the base URL: OpenAI-compatible servers usually end in /v1.',
      retryable: false,
    });
  }
  if (status === 429) {
    const code = typeof err.code === 'string' ? err.code : '';
    if (code === 'insufficient_quota') {
      return new ModelError({
        ...base,
        kind: 'rate-limit',
        message: 'The account behind the API key has run out of quota (429 insufficient_quota).',
        action: 'Check billing and usage limits with your provider.',
        retryable: false,
      });
    }
    return new ModelError({
      ...base,
      kind: 'rate-limit',
      message: `The endpoint is rate-limiting requests (429)${detail ? `: ${detail}` : '.'}`,
      action: 'Wait a moment and try again, or lower how often you call the model.',
      retryable: true,
    });
  }
  if (status === 408) {
    return timeoutError(ctx, err).with({ status, detail, retryAfter, message: `The endpoint at ${ctx.baseUrl} gave up waiting for the request (408).` });
  }
  if (status >= 500) {
    return new ModelError({
      ...base,
      kind: 'server',
      message: `The endpoint at ${ctx.baseUrl} failed with a server error (${status})${detail ? `: ${detail}` : '.'}`,
      action: ctx.providerLabel && isLocal(ctx.providerLabel)
        ? `Check ${ctx.providerLabel}'s log; the model may have failed to load.`
        : 'Try again in a moment; if it persists, check the provider\'s status page.',
      retryable: true,
    });
  }
  return new ModelError({
    ...base,
    kind: 'bad-request',
    message: `The endpoint refused the request (${status})${detail ? `: ${detail}` : '.'}`,
    action: 'Check the request\'s parameters (model, max tokens, response format) against what this endpoint supports.',
    retryable: false,
  });
}

function connectionError(cause: unknown, ctx: ErrorContext, original: unknown): ModelError {
  const codes = errorCodes(cause);
  const where = hostPort(ctx.baseUrl);
  const base = { kind: 'network' as const, cause: original };
  if (codes.includes('ECONNREFUSED')) {
    return new ModelError({
      ...base,
      message: `Nothing is listening at ${where} (connection refused).`,
      action: refusedAction(ctx.providerLabel),
      retryable: false,
    });
  }
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) {
    return new ModelError({
      ...base,
      message: `Could not find the host ${hostname(ctx.baseUrl)} (DNS lookup failed).`,
      action: 'Check the base URL and your internet connection.',
      retryable: codes.includes('EAI_AGAIN'),
    });
  }
  if (codes.some((c) => c.startsWith('UND_ERR_') && /TIMEOUT/.test(c)) || codes.includes('ETIMEDOUT')) {
    return timeoutError(ctx, original);
  }
  if (codes.some((c) => /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(c))) {
    return new ModelError({
      ...base,
      message: `Could not set up a secure connection to ${where} (${codes.find((c) => /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(c))}).`,
      action: 'Check the base URL (http or https?); behind a proxy that re-signs TLS, point NODE_EXTRA_CA_CERTS at its certificate.',
      retryable: false,
    });
  }
  // WHATWG fetch refuses some ports outright (6000, 6665-6669, 10080, ...): undici says only "bad port".
  if (/bad port/i.test(allMessages(cause))) {
    return new ModelError({
      ...base,
      message: `The port in ${where} is one that fetch refuses to connect to ("bad port").`,
      action: 'Run the server on another port (e.g. 8080) and update the base URL.',
      retryable: false,
    });
  }
  const code = codes[0];
  return new ModelError({
    ...base,
    message: `The connection to ${where} failed${code ? ` (${code})` : ''}.`,
    action: 'Check your network connection and the base URL.',
    retryable: true,
  });
}

function refusedAction(providerLabel: string | undefined): string {
  switch (providerLabel) {
    case 'Ollama':
      return 'Is Ollama running? Start it with `ollama serve`.';
    case 'LM Studio':
      return 'Is LM Studio\'s server running? Start it in the Developer tab or with `lms server start`.';
    case 'llama.cpp':
      return 'Is llama.cpp\'s server running? Start it with `llama-server -m <model.gguf>`.';
    case 'vLLM':
      return 'Is vLLM running? Start it with `vllm serve <model>`.';
    case undefined:
    case '':
      return 'Check the base URL and that the server is running.';
    default:
      return `Is ${providerLabel} running? Check the base URL and that the server is started.`;
  }
}

function isLocal(providerLabel: string): boolean {
  return ['Ollama', 'LM Studio', 'llama.cpp', 'vLLM'].includes(providerLabel);
}

function badResponse(message: string, cause: unknown): ModelError {
  return new ModelError({
    kind: 'bad-response',
    message,
    action: 'Try again; if it keeps happening, try without streaming or check the server log.',
    retryable: false,
    cause,
  });
}

/** The server's own words: OpenAI's `{ error: { message } }`, else nothing. */
function serverDetail(err: APIError): string | undefined {
  const body = err.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string' && body.message.trim()) return body.message.trim();
  return undefined;
}

function retryAfterOf(err: APIError): string | undefined {
  const headers = err.headers;
  if (!headers || typeof headers.get !== 'function') return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return String(Number(ms) / 1000);
  return headers.get('retry-after') ?? undefined;
}

function isAbortLike(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

/** Every `code` along the cause chain (and inside AggregateErrors). */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number): void => {
    if (typeof e !== 'object' || e === null || seen.has(e) || depth > 6) return;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !codes.includes(code)) codes.push(code);
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) for (const x of inner) visit(x, depth + 1);
    visit((e as { cause?: unknown }).cause, depth + 1);
  };
  visit(err, 0);
  return codes;
}

function allMessages(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 6 && typeof e === 'object' && e !== null; i++) {
    parts.push(errorMessage(e));
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(' | ');
}

function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  return '';
}

/** "host:port" of a base URL, with the scheme's default port filled in. */
export function hostPort(baseUrl: string): string {
  try {
    const u = new URL(baseUrl);
    const port = u.port || (u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '');
    return port ? `${u.hostname}:${port}` : u.hostname;
  } catch {
    return baseUrl;
  }
}

function hostname(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname;
  } catch {
    return baseUrl;
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}
