// ModelClient for any OpenAI-compatible endpoint (OpenAI, Azure's /openai/v1, Ollama, LM Studio,
// OpenRouter, vLLM, llama.cpp server), built on the `openai` SDK with the SDK's own retries off:
// we retry ourselves (withRetries) so every retry can be logged and shown.
//
// The API key is read per request from the `apiKey` function and lives only in that request's
// SDK instance: never in a field of this client, never in a log line or an error message.
//
// Timeouts: the SDK's `timeout` covers only the wait for response headers; a body that stalls
// would hang forever. So each attempt also runs a watchdog of `timeoutMs`: for a plain answer the
// whole request, for a stream the gap between chunks.
//
// Size: every body is read through a cap (cappedFetch), and the answer's text has its own cap,
// so a server that sends 50 MB, or streams forever, gets a clear error instead of our memory.

import OpenAI from 'openai';
import type { ClientOptions } from 'openai';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import { cappedFetch, type FetchLike } from './cappedFetch';
import { localFetch } from './localFetch';
import {
  answerTooLargeError,
  cancelledError,
  malformedStreamError,
  ModelError,
  notJsonError,
  redact,
  redactModelError,
  timeoutError,
  toModelError,
  withModelList,
  type ErrorContext,
} from './errors';
import { defaultShouldRetry, withRetries } from './retry';
import type { ChatRequest, ChatResult, EmbedRequest, EmbedResult, ModelClient, ResponseFormat, Usage } from './types';

export type LogLevel = 'info' | 'warn' | 'error';

export interface OpenAiClientOptions {
  /** e.g. https://api.openai.com/v1, http://127.0.0.1:11434/v1 */
  baseUrl: string;
  /** Read for every request. undefined: endpoints that need no key (Ollama, LM Studio). */
  apiKey: () => Promise<string | undefined>;
  /** Per attempt: until the answer (plain) or between chunks (streaming). */
  timeoutMs: number;
  /** Retries after the first try for retryable errors. Default 2. */
  maxRetries?: number;
  /** "Ollama", "LM Studio", …: makes error advice specific. */
  providerLabel?: string;
  defaultHeaders?: Record<string, string>;
  log?: (level: LogLevel, msg: string) => void;
  /** Backoff: first ceiling (default 500 ms), doubling up to the cap (default 10 s; caps Retry-After too). */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Injection points for tests and for the host (proxy-aware fetch). */
  fetch?: ClientOptions['fetch'];
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Monotonic clock for latencies (default performance.now). */
  now?: () => number;
  /** Most bytes of one response body read (default 8 MiB; embeddings get more per input). */
  maxAnswerBytes?: number;
  /** Most characters of one chat answer's text (default 1 Mi). */
  maxAnswerChars?: number;
}

export const DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_ANSWER_CHARS = 1024 * 1024;
/** An embedding of a few thousand floats as JSON text: room per input beyond the chat cap. */
const EMBED_BYTES_PER_INPUT = 128 * 1024;

/** What apiKey() returning undefined becomes: the SDK insists on some key. */
export const NO_KEY = 'no-key';

/** An exception from the caller's own onDelta: passed through untouched, never retried. */
class CallbackFailure {
  constructor(readonly error: unknown) {}
}

interface Attempt {
  sdk: OpenAI;
  /** Aborts on the caller's signal and on the watchdog. */
  signal: AbortSignal;
  /** Restart the watchdog (streams call this per chunk). */
  arm(): void;
  timedOut(): boolean;
  /** Stop the watchdog and unhook from the caller's signal. */
  dispose(): void;
}

export class OpenAiCompatibleClient implements ModelClient {
  private readonly opts: OpenAiClientOptions;
  private readonly timeoutMs: number;
  /** SDK instances of keyless requests (see sdkFor). */
  private readonly keyless = new Map<string, OpenAI>();

  constructor(opts: OpenAiClientOptions) {
    this.opts = { ...opts };
    this.timeoutMs = Math.max(1, Math.round(opts.timeoutMs));
  }

  get baseUrl(): string {
    return this.opts.baseUrl;
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const ctx = this.ctx(req.model);
    let delivered = false;
    return this.call('chat', ctx, req.signal, async (a, attempt) => {
      const r = req.stream
        ? await this.streamOnce(a, req, ctx, () => {
          delivered = true;
        })
        : await this.completeOnce(a, req, ctx);
      return { ...r, attempts: attempt };
    }, () => !delivered);
  }

  async embed(req: EmbedRequest): Promise<EmbedResult> {
    if (req.input.length === 0) return { vectors: [], latencyMs: 0 };
    const ctx = this.ctx(req.model);
    return this.call('embed', ctx, req.signal, async (a) => {
      const t0 = this.now();
      const res = (await a.sdk.embeddings.create(
        { model: req.model, input: req.input, encoding_format: 'float' },
        { signal: a.signal },
      )) as unknown;
      const data = (res as { data?: unknown } | null)?.data;
      if (!Array.isArray(data) || data.length !== req.input.length) {
        throw this.badResponse(ctx, `expected ${req.input.length} embedding(s)`, res);
      }
      const rows = [...(data as { index?: unknown; embedding?: unknown }[])].sort((x, y) => Number(x.index ?? 0) - Number(y.index ?? 0));
      const vectors = rows.map((row) => toVector(row.embedding));
      if (vectors.some((v) => v === undefined)) throw this.badResponse(ctx, 'an embedding was not a list of numbers', res);
      return {
        vectors: vectors as number[][],
        usage: mapUsage((res as { usage?: unknown }).usage),
        latencyMs: Math.round(this.now() - t0),
      };
    }, undefined, Math.max(this.maxBytes(), req.input.length * EMBED_BYTES_PER_INPUT));
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    return this.call('listModels', this.ctx(undefined), signal, (a) => this.listOnce(a));
  }

  // -------------------------------------------------------------------------------------------

  private ctx(model: string | undefined): ErrorContext {
    return { baseUrl: this.opts.baseUrl, model, providerLabel: this.opts.providerLabel, timeoutMs: this.timeoutMs };
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : performance.now();
  }

  private log(level: LogLevel, msg: string, key?: string): void {
    try {
      this.opts.log?.(level, redact(msg, key));
    } catch {
      // A failing logger must not fail the request.
    }
  }

  /** One operation with retries, the watchdog, key redaction and the 404 model list. */
  private async call<T>(
    what: string,
    ctx: ErrorContext,
    signal: AbortSignal | undefined,
    fn: (a: Attempt, attempt: number) => Promise<T>,
    mayRetry: () => boolean = () => true,
    maxBytes: number = this.maxBytes(),
  ): Promise<T> {
    const maxRetries = Math.max(0, this.opts.maxRetries ?? 2);
    let key: string | undefined;
    try {
      return await withRetries(async (attempt) => {
        key = await this.readKey();
        const a = this.attempt(key, signal, ctx, maxBytes);
        try {
          return await fn(a, attempt);
        } catch (e) {
          if (e instanceof CallbackFailure) throw e;
          throw redactModelError(this.classify(e, ctx, signal, a), key);
        } finally {
          a.dispose();
        }
      }, {
        maxRetries,
        baseMs: this.opts.retryBaseMs ?? 500,
        capMs: this.opts.retryCapMs ?? 10_000,
        signal,
        sleep: this.opts.sleep,
        random: this.opts.random,
        shouldRetry: (e) => (mayRetry() ? defaultShouldRetry(e) : undefined),
        onRetry: ({ attempt, delayMs, error }) =>
          this.log('warn', `${label(what, ctx)}: ${error.message} Retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt} of ${maxRetries + 1}).`, key),
      });
    } catch (e) {
      if (e instanceof CallbackFailure) throw e.error;
      let err = e instanceof ModelError ? e : toModelError(e, ctx);
      if (err.kind === 'not-found' && ctx.model) err = await this.withModels(err, ctx, signal);
      err = redactModelError(err, key);
      if (err.kind !== 'cancelled') {
        const tries = err.attempts && err.attempts > 1 ? ` (after ${err.attempts} attempts)` : '';
        this.log('warn', `${label(what, ctx)} at ${ctx.baseUrl} failed${tries}: ${err.message}`, key);
      }
      throw err;
    }
  }

  private async readKey(): Promise<string | undefined> {
    try {
      const key = await this.opts.apiKey();
      return key && key.trim() ? key.trim() : undefined;
    } catch (e) {
      throw new ModelError({
        kind: 'auth',
        message: e instanceof Error && e.message ? `Could not read the API key: ${e.message.replace(/\.?$/, '.')}` : 'Could not read the API key.',
        action: 'Run AI Dojo: Set API Key.',
        retryable: false,
      });
    }
  }

  private maxBytes(): number {
    return Math.max(1, this.opts.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES);
  }

  private maxChars(): number {
    return Math.max(1, this.opts.maxAnswerChars ?? DEFAULT_MAX_ANSWER_CHARS);
  }

  private attempt(key: string | undefined, signal: AbortSignal | undefined, ctx: ErrorContext, maxBytes: number): Attempt {
    const ac = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => ac.abort(signal?.reason);
    if (signal?.aborted) ac.abort(signal.reason);
    else signal?.addEventListener('abort', onAbort, { once: true });
    let disposed = false;
    const arm = (): void => {
      if (disposed) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        ac.abort();
      }, this.timeoutMs);
    };
    const a: Attempt = {
      sdk: this.sdkFor(key, ctx, maxBytes),
      signal: ac.signal,
      arm,
      timedOut: () => timedOut,
      dispose: () => {
        disposed = true;
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      },
    };
    arm();
    return a;
  }

  /**
   * With a key, an SDK instance per attempt, so that the key lives only as long as the request.
   * Without one (Ollama, LM Studio…) nothing in it is secret: one per size cap and model is
   * reused, since building one costs about as much as a local model's whole answer.
   */
  private sdkFor(key: string | undefined, ctx: ErrorContext, maxBytes: number): OpenAI {
    const make = () => this.sdk(key, cappedFetch(this.opts.fetch ?? localFetch, maxBytes, () => answerTooLargeError(ctx, formatSize(maxBytes))));
    if (key !== undefined) return make();
    const id = `${maxBytes}\n${ctx.model ?? ''}`;
    let sdk = this.keyless.get(id);
    if (!sdk) this.keyless.set(id, (sdk = make()));
    return sdk;
  }

  private sdk(key: string | undefined, fetchFn: FetchLike): OpenAI {
    const sdkLog = (...args: unknown[]): void => this.log('warn', `openai SDK: ${args.map(formatArg).join(' ')}`, key);
    const quiet = (): void => undefined;
    return new OpenAI({
      baseURL: this.opts.baseUrl,
      apiKey: key ?? NO_KEY,
      // Never pick these up from OPENAI_* environment variables and send them to a third party.
      adminAPIKey: null,
      organization: null,
      project: null,
      webhookSecret: null,
      timeout: this.timeoutMs,
      maxRetries: 0,
      defaultHeaders: this.opts.defaultHeaders,
      fetch: fetchFn,
      logLevel: 'warn',
      logger: { error: sdkLog, warn: sdkLog, info: quiet, debug: quiet },
    });
  }

  private classify(e: unknown, ctx: ErrorContext, signal: AbortSignal | undefined, a: Attempt): ModelError {
    if (e instanceof ModelError) return e;
    if (signal?.aborted) return cancelledError(e);
    if (a.timedOut()) return timeoutError(ctx, e);
    return toModelError(e, ctx);
  }

  /** Say which models the endpoint has; never throws. */
  private async withModels(err: ModelError, ctx: ErrorContext, signal: AbortSignal | undefined): Promise<ModelError> {
    if (signal?.aborted) return err;
    let key: string | undefined;
    let a: Attempt | undefined;
    try {
      key = await this.readKey();
      a = this.attempt(key, signal, ctx, this.maxBytes());
      return withModelList(err, ctx, await this.listOnce(a));
    } catch (e) {
      const listErr = a ? this.classify(e, this.ctx(undefined), signal, a) : undefined;
      return listErr?.kind === 'not-found' ? withModelList(err, ctx, 'no-list-route') : err;
    } finally {
      a?.dispose();
    }
  }

  private async listOnce(a: Attempt): Promise<string[]> {
    const page = (await a.sdk.models.list({ signal: a.signal })) as unknown;
    const data = (page as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) throw this.badResponse(this.ctx(undefined), 'expected a list of models', page);
    const ids = data
      .map((m) => (m as { id?: unknown } | null)?.id)
      .filter((id): id is string => typeof id === 'string' && id !== '');
    return [...new Set(ids)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  }

  private params(req: ChatRequest): ChatCompletionCreateParamsBase {
    return {
      model: req.model,
      messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
      ...(req.stop && req.stop.length > 0 ? { stop: req.stop } : {}),
      ...(req.responseFormat ? { response_format: mapResponseFormat(req.responseFormat) } : {}),
    };
  }

  private async completeOnce(a: Attempt, req: ChatRequest, ctx: ErrorContext): Promise<Omit<ChatResult, 'attempts'>> {
    const t0 = this.now();
    const res = (await a.sdk.chat.completions.create({ ...this.params(req), stream: false }, { signal: a.signal })) as unknown;
    const choices = (res as { choices?: unknown } | null)?.choices;
    if (typeof res !== 'object' || res === null || !Array.isArray(choices) || choices.length === 0) {
      throw this.badResponse(ctx, 'expected a chat completion with at least one choice', res);
    }
    const choice = choices[0] as { message?: { content?: unknown }; finish_reason?: unknown };
    const content = choice.message?.content;
    if (typeof content === 'string' && content.length > this.maxChars()) throw answerTooLargeError(ctx, formatChars(this.maxChars()));
    return {
      text: typeof content === 'string' ? content : '',
      model: stringOr((res as { model?: unknown }).model, req.model),
      usage: mapUsage((res as { usage?: unknown }).usage),
      finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined,
      latencyMs: Math.round(this.now() - t0),
    };
  }

  private async streamOnce(
    a: Attempt,
    req: ChatRequest,
    ctx: ErrorContext,
    onFirstDelta: () => void,
  ): Promise<Omit<ChatResult, 'attempts'>> {
    const t0 = this.now();
    let text = '';
    let model = req.model;
    let firstTokenMs: number | undefined;
    let finishReason: string | undefined;
    let usage: Usage | undefined;
    let started = false;
    try {
      const stream = await a.sdk.chat.completions.create(
        { ...this.params(req), stream: true, stream_options: { include_usage: true } },
        { signal: a.signal },
      );
      started = true;
      a.arm();
      for await (const chunk of stream) {
        a.arm();
        if (typeof chunk?.model === 'string' && chunk.model) model = chunk.model;
        if (chunk?.usage) usage = mapUsage(chunk.usage);
        const choice = Array.isArray(chunk?.choices) ? chunk.choices[0] : undefined;
        const delta = choice?.delta?.content;
        if (typeof delta === 'string' && delta !== '') {
          if (firstTokenMs === undefined) firstTokenMs = Math.round(this.now() - t0);
          if (text.length + delta.length > this.maxChars()) throw answerTooLargeError(ctx, formatChars(this.maxChars()), text);
          text += delta;
          onFirstDelta();
          try {
            req.onDelta?.(delta);
          } catch (cbErr) {
            throw new CallbackFailure(cbErr);
          }
        }
        if (typeof choice?.finish_reason === 'string' && choice.finish_reason) finishReason = choice.finish_reason;
      }
    } catch (e) {
      if (e instanceof CallbackFailure) throw e;
      if (req.signal?.aborted) throw cancelledError(e, text);
      if (a.timedOut()) throw timeoutError(ctx, e, started ? text : undefined);
      if (!started) throw e; // status and connection errors: the usual mapping
      if (e instanceof ModelError) throw e.partialText === undefined ? e.with({ partialText: text }) : e; // our own size cap
      const mapped = toModelError(e, ctx);
      if (e instanceof SyntaxError) throw malformedStreamError('a data line was not JSON', text, e);
      if (mapped.kind === 'bad-response') throw malformedStreamError('the connection closed before the answer finished', text, e);
      throw mapped.with({ partialText: text });
    }
    // The SDK ends the loop quietly on an abort, and on a body that simply stops.
    if (req.signal?.aborted) throw cancelledError(undefined, text);
    if (a.timedOut()) throw timeoutError(ctx, undefined, text);
    if (finishReason === undefined && usage === undefined) {
      throw malformedStreamError('it ended without a finish reason or [DONE]', text);
    }
    return { text, model, usage, finishReason, latencyMs: Math.round(this.now() - t0), firstTokenMs };
  }

  private badResponse(ctx: ErrorContext, expected: string, got: unknown): ModelError {
    // The SDK hands back a body that was not labelled JSON as a string: say what it was.
    if (typeof got === 'string') return notJsonError(ctx, got);
    const shape = got === null ? 'null' : Array.isArray(got) ? 'an array' : describeObject(got);
    return new ModelError({
      kind: 'bad-response',
      message: `The endpoint at ${ctx.baseUrl} answered, but not as an OpenAI-compatible API would: ${expected}, got ${shape}.`,
      action: 'Check the base URL: OpenAI-compatible servers usually end in /v1.',
      retryable: false,
    });
  }
}

/** "an empty choices list", "an object with id, error", "undefined": enough to recognise what came back. */
function describeObject(got: unknown): string {
  if (typeof got !== 'object' || got === null) return typeof got;
  const choices = (got as { choices?: unknown }).choices;
  if (Array.isArray(choices) && choices.length === 0) return 'an empty "choices" list';
  const keys = Object.keys(got).slice(0, 5);
  return keys.length ? `an object with ${keys.map((k) => JSON.stringify(k)).join(', ')}` : 'an empty object';
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function formatChars(chars: number): string {
  return chars >= 1024 * 1024 ? `${+(chars / (1024 * 1024)).toFixed(1)} M characters` : `${chars} characters`;
}

function label(what: string, ctx: ErrorContext): string {
  return ctx.model ? `${what} "${ctx.model}"` : what;
}

function mapResponseFormat(rf: ResponseFormat): NonNullable<ChatCompletionCreateParamsBase['response_format']> {
  if (rf.type === 'json_object') return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: {
      name: rf.name,
      schema: rf.schema as Record<string, unknown>,
      ...(rf.strict !== undefined ? { strict: rf.strict } : {}),
    },
  };
}

function mapUsage(u: unknown): Usage | undefined {
  if (typeof u !== 'object' || u === null) return undefined;
  const r = u as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const prompt = num(r.prompt_tokens) ?? 0;
  const completion = num(r.completion_tokens) ?? 0;
  const cached = num((r.prompt_tokens_details as Record<string, unknown> | null | undefined)?.cached_tokens);
  return {
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: num(r.total_tokens) ?? prompt + completion,
    ...(cached !== undefined ? { cachedTokens: cached } : {}),
  };
}

function toVector(e: unknown): number[] | undefined {
  if (Array.isArray(e) && e.every((x) => typeof x === 'number')) return e as number[];
  if (typeof e === 'string') {
    // base64 little-endian float32, should a server send it unasked.
    const bytes = Buffer.from(e, 'base64');
    if (bytes.length % 4 !== 0) return undefined;
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    return Array.from(new Float32Array(copy));
  }
  return undefined;
}

function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' && v ? v : fallback;
}

function formatArg(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Error) return v.message;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
