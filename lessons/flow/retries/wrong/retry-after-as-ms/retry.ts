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
 * cap = min(maxDelayMs, baseDelayMs * 2 ** retry); delay = cap / 2 + random * cap / 2.
 */
export function backoffDelay(retry: number, opts: BackoffOptions, random: number): number {
  // Cap first, then jitter: the jitter must spread clients out under the cap, not push past it.
  const cap = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** retry);
  // Half fixed, half random: never a burst of instant retries, and clients that failed
  // together do not all come back at the same moment.
  return cap / 2 + random * (cap / 2);
}

/**
 * The wait the server asked for, in ms: `retry-after-ms` (milliseconds) first, then
 * `retry-after` (seconds); null when neither is a number >= 0 (absent, or an HTTP date).
 * Header names are lowercase.
 */
export function retryAfterMs(headers: Record<string, string>): number | null {
  const ms = parseFloat(headers['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const seconds = parseFloat(headers['retry-after'] ?? '');
  // Wrong: retry-after is in seconds, but it is used as milliseconds: a 2 s wait becomes 2 ms.
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  return null;
}

/** Rate limits and server errors are worth another try; any other 4xx will fail the same way again. */
function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * POSTs `body` to `${baseUrl}/chat/completions`, retrying 429, 5xx and network errors.
 * Throws at once on any other non-2xx status, and gives up after `maxRetries` retries.
 */
export async function withRetries(baseUrl: string, body: unknown, opts: RetryOptions): Promise<RetryResult> {
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const delays: number[] = [];
  for (let attempt = 0; ; attempt++) {
    // fetch rejects only when there is no response at all (refused, reset, DNS): retryable.
    const res = await fetch(`${baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    let failure: string;
    let asked: number | null = null;
    if (res instanceof Error) {
      failure = `network error: ${res.message}`;
    } else {
      if (res.ok) return { data: await res.json(), attempts: attempt + 1, delays };
      const text = await res.text();
      if (!retryable(res.status)) throw new Error(`HTTP ${res.status} (not retried): ${text}`);
      failure = `HTTP ${res.status}`;
      asked = retryAfterMs(Object.fromEntries(res.headers));
    }
    if (attempt >= opts.maxRetries) throw new Error(`Gave up after ${attempt + 1} attempts; last error: ${failure}`);
    // `??`, not `||`: a Retry-After of 0 means "now", not "no header".
    const delay = asked ?? backoffDelay(attempt, opts, random());
    delays.push(delay);
    await sleep(delay);
  }
}
