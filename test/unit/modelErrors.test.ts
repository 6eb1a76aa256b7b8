// toModelError on the SDK's error classes built by hand, and on the raw errors undici throws,
// for cases the scripted server cannot produce (DNS, TLS, undici timeouts, fetch's bad ports).
import { strict as assert } from 'node:assert';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { hostPort, ModelError, redactModelError, toModelError, withModelList } from '../../src/core/model/errors';

const ctx = { baseUrl: 'https://api.example.test/v1', timeoutMs: 30_000 };

function systemError(code: string, message = `${code} happened`): Error {
  return Object.assign(new Error(message), { code });
}

/** What the SDK throws when fetch fails: APIConnectionError ← TypeError('fetch failed') ← system error. */
function fetchFailed(cause: unknown): APIConnectionError {
  return new APIConnectionError({ cause: new TypeError('fetch failed', { cause }) });
}

function status(code: number, body: unknown = { error: { message: `status ${code}` } }, headers: Record<string, string> = {}): APIError {
  return APIError.generate(code, body as object, undefined, new Headers(headers));
}

describe('toModelError', function () {
  it('maps HTTP statuses to kinds, retryability and actions', function () {
    const cases: [number, ModelError['kind'], boolean][] = [
      [400, 'bad-request', false],
      [401, 'auth', false],
      [403, 'forbidden', false],
      [404, 'not-found', false],
      [408, 'timeout', true],
      [409, 'bad-request', false],
      [422, 'bad-request', false],
      [429, 'rate-limit', true],
      [500, 'server', true],
      [502, 'server', true],
      [503, 'server', true],
    ];
    for (const [code, kind, retryable] of cases) {
      const e = toModelError(status(code), ctx);
      assert.equal(e.kind, kind, `${code}`);
      assert.equal(e.retryable, retryable, `${code}`);
      assert.equal(e.status, code);
      assert.ok(e.action.endsWith('.'), `${code}: ${e.action}`);
      assert.ok(e.message.includes(String(code)), `${code}: ${e.message}`);
    }
  });

  it('reads Retry-After and retry-after-ms from the response headers', function () {
    assert.equal(toModelError(status(429, undefined, { 'retry-after': '7' }), ctx).retryAfter, '7');
    assert.equal(toModelError(status(503, undefined, { 'retry-after-ms': '250', 'retry-after': '9' }), ctx).retryAfter, '0.25');
  });

  it('names the model in a 404 and a 403', function () {
    const nf = toModelError(status(404), { ...ctx, model: 'gpt-x' });
    assert.equal(nf.message, 'Model "gpt-x" was not found at https://api.example.test/v1 (404).');
    const fb = toModelError(status(403), { ...ctx, model: 'gpt-x' });
    assert.match(fb.message, /model "gpt-x"/);
  });

  it('connection refused, including Node\'s AggregateError from trying IPv4 and IPv6', function () {
    const plain = toModelError(fetchFailed(systemError('ECONNREFUSED')), { ...ctx, baseUrl: 'http://localhost:11434/v1', providerLabel: 'Ollama' });
    assert.equal(plain.kind, 'network');
    assert.equal(plain.message, 'Nothing is listening at localhost:11434 (connection refused).');
    assert.equal(plain.action, 'Is Ollama running? Start it with `ollama serve`.');
    assert.equal(plain.retryable, false);

    const both = Object.assign(new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')], ''), { code: 'ECONNREFUSED' });
    const agg = toModelError(fetchFailed(both), { ...ctx, baseUrl: 'http://localhost:1234/v1', providerLabel: 'LM Studio' });
    assert.equal(agg.message, 'Nothing is listening at localhost:1234 (connection refused).');
    assert.match(agg.action, /LM Studio/);
    const nested = new AggregateError([systemError('ECONNREFUSED')], '');
    assert.equal(toModelError(fetchFailed(nested), ctx).message, 'Nothing is listening at api.example.test:443 (connection refused).');
  });

  it('DNS failures: unknown host is final, a temporary failure is retried', function () {
    const nx = toModelError(fetchFailed(systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.example.test')), ctx);
    assert.equal(nx.kind, 'network');
    assert.equal(nx.message, 'Could not find the host api.example.test (DNS lookup failed).');
    assert.equal(nx.retryable, false);
    assert.equal(toModelError(fetchFailed(systemError('EAI_AGAIN')), ctx).retryable, true);
  });

  it('resets are retryable network errors; TLS and fetch\'s bad ports are not', function () {
    const reset = toModelError(fetchFailed(systemError('ECONNRESET')), ctx);
    assert.equal(reset.kind, 'network');
    assert.equal(reset.retryable, true);
    assert.equal(reset.message, 'The connection to api.example.test:443 failed (ECONNRESET).');

    const tls = toModelError(fetchFailed(systemError('SELF_SIGNED_CERT_IN_CHAIN')), ctx);
    assert.equal(tls.kind, 'network');
    assert.match(tls.message, /secure connection.*SELF_SIGNED_CERT_IN_CHAIN/);
    assert.match(tls.action, /NODE_EXTRA_CA_CERTS/);

    const bad = toModelError(fetchFailed(new Error('bad port')), { ...ctx, baseUrl: 'http://127.0.0.1:6000/v1' });
    assert.equal(bad.kind, 'network');
    assert.match(bad.message, /127\.0\.0\.1:6000.*bad port/);
    assert.equal(bad.retryable, false);
  });

  it('timeouts: the SDK\'s class and undici\'s own timers', function () {
    const t = toModelError(new APIConnectionTimeoutError(), ctx);
    assert.equal(t.kind, 'timeout');
    assert.equal(t.message, 'No answer from https://api.example.test/v1 within 30 s.');
    assert.equal(t.retryable, true);
    assert.equal(toModelError(fetchFailed(systemError('UND_ERR_HEADERS_TIMEOUT')), ctx).kind, 'timeout');
    const local = toModelError(new APIConnectionTimeoutError(), { ...ctx, timeoutMs: 2500, providerLabel: 'Ollama' });
    assert.match(local.message, /within 2\.5 s/);
    assert.match(local.action, /Ollama/);
  });

  it('aborts are cancelled', function () {
    assert.equal(toModelError(new APIUserAbortError(), ctx).kind, 'cancelled');
    assert.equal(toModelError(new DOMException('This operation was aborted', 'AbortError'), ctx).kind, 'cancelled');
  });

  it('raw errors from reading a body: undici\'s "terminated" and bad JSON are bad responses', function () {
    const cut = toModelError(new TypeError('terminated', { cause: systemError('UND_ERR_SOCKET', 'other side closed') }), ctx);
    assert.equal(cut.kind, 'bad-response');
    assert.match(cut.message, /^The answer was cut off: the connection to api\.example\.test:443 closed/);
    const notJson = toModelError(new SyntaxError('Unexpected token'), ctx);
    assert.equal(notJson.kind, 'bad-response');
    assert.doesNotMatch(notJson.message, /stream/, 'a whole answer is not called a stream');
  });

  it('an error object inside a stream (no status) is a server error', function () {
    const e = toModelError(new APIError(undefined, { message: 'model crashed' }, undefined, undefined), ctx);
    assert.equal(e.kind, 'server');
    assert.match(e.message, /model crashed/);
  });

  it('anything else becomes a bad-response ModelError, and ModelErrors pass through', function () {
    const odd = toModelError('a string was thrown', ctx);
    assert.ok(odd instanceof ModelError);
    assert.equal(odd.kind, 'bad-response');
    const me = new ModelError({ kind: 'auth', message: 'm', action: 'a', retryable: false });
    assert.equal(toModelError(me, ctx), me);
  });
});

describe('error helpers', function () {
  it('withModelList lists at most 20 models', function () {
    const err = toModelError(status(404), { ...ctx, model: 'm' });
    const many = Array.from({ length: 25 }, (_, i) => `model-${String(i).padStart(2, '0')}`);
    const e = withModelList(err, { ...ctx, model: 'm' }, many);
    assert.match(e.message, /Models there: model-00, .*model-19 \(and 5 more\)\.$/);
    assert.match(withModelList(err, { ...ctx, model: 'm' }, []).message, /lists no models/);
    const other = toModelError(status(500), ctx);
    assert.equal(withModelList(other, { ...ctx, model: 'm' }, many), other);
  });

  it('redactModelError scrubs the key everywhere and drops the cause', function () {
    const key = 'sk-secret-123456';
    const err = toModelError(status(401, { error: { message: `bad key ${key}` } }), ctx);
    assert.ok(String(err.detail).includes(key));
    const clean = redactModelError(err, key);
    assert.equal(clean.detail, 'bad key [redacted]');
    assert.equal(clean.cause, undefined);
    assert.equal(clean.kind, 'auth');
    const untouched = toModelError(status(500), ctx);
    assert.equal(redactModelError(untouched, key), untouched);
  });

  it('hostPort fills in default ports', function () {
    assert.equal(hostPort('https://api.openai.com/v1'), 'api.openai.com:443');
    assert.equal(hostPort('http://localhost/v1'), 'localhost:80');
    assert.equal(hostPort('http://[::1]:8080/v1'), '[::1]:8080');
    assert.equal(hostPort('not a url'), 'not a url');
  });
});
