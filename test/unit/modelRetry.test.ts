import { strict as assert } from 'node:assert';
import { ModelError } from '../../src/core/model/errors';
import { abortableSleep, parseRetryAfterMs, retryDelayMs, withRetries } from '../../src/core/model/retry';

const NOW = Date.parse('2030-01-01T00:00:00Z');
const opts = (random: number, extra: Partial<{ baseMs: number; capMs: number }> = {}) => ({
  baseMs: 500,
  capMs: 8000,
  random: () => random,
  now: () => NOW,
  ...extra,
});

function err(kind: ModelError['kind'], retryable: boolean, retryAfter?: string): ModelError {
  return new ModelError({ kind, message: `${kind} happened.`, action: 'Do something.', retryable, retryAfter });
}

describe('retryDelayMs', function () {
  it('honours Retry-After in seconds, fractional too', function () {
    assert.equal(retryDelayMs(1, '1', opts(0.5)), 1000);
    assert.equal(retryDelayMs(3, ' 2 ', opts(0.5)), 2000);
    assert.equal(retryDelayMs(1, '1.5', opts(0)), 1500);
    assert.equal(retryDelayMs(1, '0', opts(0.9)), 0);
  });

  it('honours Retry-After as an HTTP date, never negative', function () {
    const in3s = new Date(NOW + 3000).toUTCString();
    assert.equal(retryDelayMs(1, in3s, opts(0.5)), 3000);
    const past = new Date(NOW - 60_000).toUTCString();
    assert.equal(retryDelayMs(1, past, opts(0.5)), 0);
  });

  it('caps Retry-After at capMs', function () {
    assert.equal(retryDelayMs(1, '120', opts(0.5)), 8000);
    assert.equal(retryDelayMs(1, new Date(NOW + 3_600_000).toUTCString(), opts(0.5)), 8000);
  });

  it('falls back to exponential backoff with full jitter when Retry-After is absent or unreadable', function () {
    for (const ra of [undefined, null, '', 'soon', '-5']) {
      assert.equal(retryDelayMs(1, ra, opts(0.999999)), 499, `retryAfter ${String(ra)}`);
    }
    // Ceiling doubles per attempt: 500, 1000, 2000, 4000, then the cap.
    const ceilings = [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, undefined, opts(0.999999)));
    assert.deepEqual(ceilings, [499, 999, 1999, 3999, 7999, 7999]);
    assert.equal(retryDelayMs(4, undefined, opts(0)), 0);
    assert.equal(retryDelayMs(2, undefined, opts(0.5)), 500);
  });

  it('stays within [0, min(cap, base·2^(n-1))) for any random value', function () {
    let seed = 42;
    const lcg = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let attempt = 1; attempt <= 10; attempt++) {
      const ceiling = Math.min(8000, 500 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i++) {
        const d = retryDelayMs(attempt, undefined, { baseMs: 500, capMs: 8000, random: lcg });
        assert.ok(d >= 0 && d < ceiling, `attempt ${attempt}: ${d} not in [0, ${ceiling})`);
      }
    }
    // A random() outside [0, 1) is clamped rather than trusted.
    assert.equal(retryDelayMs(1, undefined, opts(7)), 500);
    assert.equal(retryDelayMs(1, undefined, opts(-1)), 0);
  });

  it('parseRetryAfterMs reads seconds and dates, rejects the rest', function () {
    assert.equal(parseRetryAfterMs('7', () => NOW), 7000);
    assert.equal(parseRetryAfterMs(new Date(NOW + 10_000).toUTCString(), () => NOW), 10_000);
    assert.equal(parseRetryAfterMs('later', () => NOW), undefined);
    assert.equal(parseRetryAfterMs(undefined), undefined);
  });
});

describe('withRetries', function () {
  it('retries retryable errors with the computed delay, reporting each retry', async function () {
    const slept: number[] = [];
    const retries: { attempt: number; delayMs: number; kind: string }[] = [];
    let calls = 0;
    const result = await withRetries(async (attempt) => {
      calls++;
      if (attempt === 1) throw err('rate-limit', true, '2');
      if (attempt === 2) throw err('server', true);
      return `ok on ${attempt}`;
    }, {
      maxRetries: 3,
      baseMs: 100,
      capMs: 10_000,
      random: () => 0.5,
      sleep: async (ms) => { slept.push(ms); },
      onRetry: (i) => retries.push({ attempt: i.attempt, delayMs: i.delayMs, kind: i.error.kind }),
    });
    assert.equal(result, 'ok on 3');
    assert.equal(calls, 3);
    assert.deepEqual(slept, [2000, 100]); // Retry-After, then jittered backoff (0.5 × 100·2)
    assert.deepEqual(retries, [
      { attempt: 2, delayMs: 2000, kind: 'rate-limit' },
      { attempt: 3, delayMs: 100, kind: 'server' },
    ]);
  });

  it('gives up after maxRetries and records the attempts on the error', async function () {
    let calls = 0;
    await assert.rejects(
      withRetries(async () => { calls++; throw err('server', true); }, { maxRetries: 2, baseMs: 1, capMs: 1, sleep: async () => {} }),
      (e: unknown) => e instanceof ModelError && e.kind === 'server' && e.attempts === 3,
    );
    assert.equal(calls, 3);
  });

  it('never retries non-retryable errors, nor anything shouldRetry declines', async function () {
    for (const e of [err('bad-request', false), err('auth', false), err('cancelled', false), new Error('plain')]) {
      let calls = 0;
      await assert.rejects(withRetries(async () => { calls++; throw e; }, { maxRetries: 5, baseMs: 1, capMs: 1, sleep: async () => {} }), (x: unknown) => x === e);
      assert.equal(calls, 1, String(e));
    }
    let calls = 0;
    await assert.rejects(withRetries(async () => { calls++; throw err('server', true); }, {
      maxRetries: 5, baseMs: 1, capMs: 1, sleep: async () => {}, shouldRetry: () => undefined,
    }));
    assert.equal(calls, 1);
  });

  it('an abort during the wait ends it as cancelled', async function () {
    const ac = new AbortController();
    const started = Date.now();
    const p = withRetries(async () => { throw err('rate-limit', true, '30'); }, {
      maxRetries: 2, baseMs: 1, capMs: 60_000, signal: ac.signal,
    });
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(p, (e: unknown) => e instanceof ModelError && e.kind === 'cancelled' && e.attempts === 1);
    assert.ok(Date.now() - started < 25_000, 'the abort ended the 30 s wait');
  });

  it('does not start when the signal is already aborted', async function () {
    const ac = new AbortController();
    ac.abort();
    let calls = 0;
    await assert.rejects(withRetries(async () => { calls++; return 1; }, { maxRetries: 1, baseMs: 1, capMs: 1, signal: ac.signal }),
      (e: unknown) => e instanceof ModelError && e.kind === 'cancelled');
    assert.equal(calls, 0);
  });

  it('abortableSleep resolves after the delay and rejects on abort', async function () {
    await abortableSleep(5);
    const ac = new AbortController();
    const p = abortableSleep(60_000, ac.signal);
    ac.abort();
    await assert.rejects(p, (e: unknown) => e instanceof ModelError && e.kind === 'cancelled');
  });
});
