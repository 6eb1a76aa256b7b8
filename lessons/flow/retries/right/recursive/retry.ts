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
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  return null;
}

/** Rate limits and server errors are worth another try; any other 4xx will fail the same way again. */
function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

export async function withRetries(baseUrl: string, body: unknown, opts: RetryOptions): Promise<RetryResult> {
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const delays: number[] = [];
  const attempt = async (n: number): Promise<RetryResult> => {
    let res: Response;
    let reason: string;
    let wait: number | null = null;
    try {
      res = await fetch(new URL('chat/completions', baseUrl.replace(/\/?$/, '/')), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status >= 200 && res.status < 300) return { data: await res.json(), attempts: n + 1, delays };
      const detail = await res.text();
      if (res.status !== 429 && res.status < 500) throw Object.assign(new Error(`HTTP ${res.status} (not retried): ${detail}`), { final: true });
      reason = `HTTP ${res.status}`;
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      wait = retryAfterMs(headers);
    } catch (e) {
      if ((e as { final?: boolean }).final) throw e;
      reason = `network error: ${(e as Error).message}`;
    }
    if (n === opts.maxRetries) throw new Error(`Gave up after ${n + 1} attempts; last error: ${reason}`);
    const delay = wait !== null ? wait : backoffDelay(n, opts, random());
    delays.push(delay);
    await sleep(delay);
    return attempt(n + 1);
  };
  return attempt(0);
}
