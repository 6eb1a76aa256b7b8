export interface BackoffOptions {
  /** The delay cap before the first retry, in ms; it doubles with every retry. */
  baseDelayMs: number;
  /** No computed delay is longer than this, in ms. */
  maxDelayMs: number;
}

export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt: at most `maxRetries + 1` requests in all. */
  maxRetries: number;
  /** A number in [0, 1). Default `Math.random`; inject a fixed one in tests. */
  random?: () => number;
  /** Waits `ms` milliseconds. Default a `setTimeout` promise; inject a fake one in tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RetryResult {
  /** The parsed JSON body of the successful response. */
  data: unknown;
  /** Requests made, the successful one included. */
  attempts: number;
  /** The wait before each retry, in ms, in order: `attempts - 1` of them. */
  delays: number[];
}

/**
 * The computed wait before retry number `retry` (0 for the first retry), with "equal jitter":
 *
 *   cap   = min(maxDelayMs, baseDelayMs * 2 ** retry)
 *   delay = cap / 2 + random * cap / 2
 *
 * `random` is a number in [0, 1). Do not round.
 */
export function backoffDelay(retry: number, opts: BackoffOptions, random: number): number {
  throw new Error('TODO: implement backoffDelay()');
}

/**
 * The wait the server asked for, in ms, from lowercase response headers:
 * `retry-after-ms` (milliseconds) if it parses (parseFloat) as a number >= 0, else
 * `retry-after` (seconds, times 1000) if it does; otherwise null (absent, or an HTTP date).
 */
export function retryAfterMs(headers: Record<string, string>): number | null {
  throw new Error('TODO: implement retryAfterMs()');
}

/**
 * POSTs `body` (JSON) to `${baseUrl}/chat/completions` and returns the parsed JSON of the
 * first 2xx response, with the number of attempts and the delays waited.
 *
 * - 429, any 5xx and network errors (fetch rejects) are retried, at most `maxRetries` times.
 * - Before a retry, wait `retryAfterMs(headers)` when the response has such a header,
 *   otherwise `backoffDelay(retry, opts, random())`. Record each wait in `delays`.
 * - Any other status (400, 401, 404...) throws at once: `HTTP 400 (not retried): <body>`.
 * - Out of retries: throw `Gave up after <n> attempts; last error: HTTP 503`
 *   (or `last error: network error: <message>`).
 */
export async function withRetries(baseUrl: string, body: unknown, opts: RetryOptions): Promise<RetryResult> {
  throw new Error('TODO: implement withRetries()');
}
