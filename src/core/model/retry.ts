// Retries with backoff, done by us rather than the SDK so every retry can be reported (log line,
// "retrying in 2 s…" in the panel) and tested with an injected clock.
//
// What is retried is the error's `retryable` flag, set by `toModelError`:
//   retried:      429 (except insufficient_quota), 5xx, 408 and timeouts, resets and other
//                 transient network failures, temporary DNS failures (EAI_AGAIN)
//   never:        other 4xx (400, 401, 403, 404, 422…), connection refused (nothing is listening:
//                 waiting a second rarely helps and a fast, clear error is better), unknown hosts,
//                 TLS failures, malformed responses, cancellation.
// Callers can narrow further through `shouldRetry` (the client never retries a stream once text
// has been handed to `onDelta`).

import { cancelledError, ModelError } from './errors';

export interface BackoffOptions {
  /** First backoff ceiling; doubles each retry. */
  baseMs: number;
  /** No wait is longer than this, Retry-After included. */
  capMs: number;
  /** [0, 1): Math.random in production, a fixed function in tests. */
  random: () => number;
  /** Clock for Retry-After HTTP dates (default Date.now). */
  now?: () => number;
}

/**
 * How long to wait before retry number `attempt` (1 = the first retry).
 * Retry-After (seconds, possibly fractional, or an HTTP date) wins when present and valid,
 * capped by `capMs`; otherwise exponential backoff with full jitter:
 * random() × min(capMs, baseMs × 2^(attempt-1)).
 */
export function retryDelayMs(attempt: number, retryAfter: string | null | undefined, opts: BackoffOptions): number {
  const cap = Math.max(0, opts.capMs);
  const hinted = parseRetryAfterMs(retryAfter, opts.now ?? Date.now);
  if (hinted !== undefined) return Math.min(cap, hinted);
  const exp = Math.min(cap, Math.max(0, opts.baseMs) * 2 ** Math.max(0, attempt - 1));
  const r = Math.min(Math.max(opts.random(), 0), 1);
  return Math.floor(r * exp);
}

/** Retry-After as milliseconds from now (never negative), or undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | null | undefined, now: () => number = Date.now): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // An HTTP date (IMF-fixdate, RFC 850 or asctime) names a month and has hh:mm:ss; without this
  // check V8's lenient Date.parse would read "-5" as a date in 2001.
  if (!/[A-Za-z]{3}/.test(v) || !/\d{1,2}:\d{2}:\d{2}/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now());
}

export interface RetryInfo {
  /** The attempt that will run next (2 = the first retry). */
  attempt: number;
  delayMs: number;
  /** Why the previous attempt failed. */
  error: ModelError;
}

export interface RetryOptions {
  /** Retries after the first try: at most maxRetries + 1 attempts. */
  maxRetries: number;
  baseMs: number;
  capMs: number;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onRetry?: (info: RetryInfo) => void;
  /**
   * Given what an attempt threw, return the ModelError to retry on, or undefined to stop and
   * rethrow. Default: retry ModelErrors whose `retryable` is true.
   */
  shouldRetry?: (error: unknown) => ModelError | undefined;
}

export const defaultShouldRetry = (e: unknown): ModelError | undefined =>
  e instanceof ModelError && e.retryable ? e : undefined;

/**
 * Run `fn(attempt)` (attempt counts from 1) until it succeeds, a non-retryable error is thrown,
 * or the retries are used up. A ModelError that ends the loop gets `attempts` set.
 * An abort during a wait ends the loop with a 'cancelled' ModelError.
 */
export async function withRetries<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const sleep = opts.sleep ?? abortableSleep;
  const random = opts.random ?? Math.random;
  const shouldRetry = opts.shouldRetry ?? defaultShouldRetry;
  const maxRetries = Math.max(0, Math.floor(opts.maxRetries));
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw stamp(cancelledError(opts.signal.reason), attempt - 1);
    try {
      return await fn(attempt);
    } catch (e) {
      const retryOn = attempt <= maxRetries ? shouldRetry(e) : undefined;
      if (!retryOn) throw stamp(e, attempt);
      const delayMs = retryDelayMs(attempt, retryOn.retryAfter, { baseMs: opts.baseMs, capMs: opts.capMs, random, now: opts.now });
      opts.onRetry?.({ attempt: attempt + 1, delayMs, error: retryOn });
      try {
        await sleep(delayMs, opts.signal);
      } catch (sleepErr) {
        throw stamp(sleepErr instanceof ModelError ? sleepErr : cancelledError(sleepErr), attempt);
      }
    }
  }
}

function stamp<E>(e: E, attempts: number): E {
  if (e instanceof ModelError && e.attempts === undefined) e.attempts = attempts;
  return e;
}

/** setTimeout as a promise that rejects with a 'cancelled' ModelError when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError(signal.reason));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
