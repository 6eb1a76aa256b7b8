// The verifier's live-model guard on its own: advice in CLI terms for every kind of error, the
// tally that makes a lesson fail, the stop after an endpoint failed, and the key scrubbed from
// every string of a report.
import { strict as assert } from 'node:assert';
import { answerTooLargeError, ModelError, type ModelErrorKind } from '../../src/core/model/errors';
import type { ModelClient } from '../../src/core/model/types';
import { cliAction, LiveGuard, liveProblem } from '../../src/core/verify/liveGuard';
import { redactDeep } from '../../src/core/verify/redact';
import type { LiveModel } from '../../src/core/verify/variants';

const LIVE: LiveModel = { baseUrl: 'https://llm.example.test/v1', model: 'gpt-x', apiKey: 'sk-test-DO-NOT-PRINT-1234', timeoutMs: 5000, retries: 2 };

function err(kind: ModelErrorKind, message = `a ${kind} error`, action = 'Run AI Dojo: Set API Key.', retryable = false): ModelError {
  return new ModelError({ kind, message, action, retryable });
}

function failing(e: ModelError): ModelClient & { calls: number } {
  const c = {
    calls: 0,
    chat: async () => {
      c.calls++;
      throw e;
    },
    embed: async () => {
      c.calls++;
      throw e;
    },
    listModels: async () => [],
  };
  return c;
}

describe('verifier live guard', function () {
  it('gives every kind of error advice in CLI terms, never the editor\'s commands', function () {
    const kinds: ModelErrorKind[] = ['auth', 'forbidden', 'not-found', 'rate-limit', 'server', 'timeout', 'network', 'bad-request', 'bad-response', 'cancelled'];
    for (const kind of kinds) {
      const action = cliAction(err(kind), 'chat', LIVE);
      assert.doesNotMatch(action, /AI Dojo: [A-Z]/, `${kind}: ${action}`);
      assert.ok(action.length > 10, kind);
    }
    assert.equal(cliAction(err('auth'), 'chat', LIVE), 'Set AI_DOJO_VERIFY_API_KEY to a key this endpoint accepts: it refused the one set.');
    assert.equal(cliAction(err('auth'), 'chat', { ...LIVE, apiKey: undefined }), 'Set AI_DOJO_VERIFY_API_KEY: this endpoint wants a key and none is set.');
    assert.equal(
      cliAction(err('not-found', 'Model "gpt-x" was not found at https://llm.example.test/v1 (404). Models there: a, b.'), 'chat', LIVE),
      'Check AI_DOJO_VERIFY_MODEL ("gpt-x"): set it to one of the models the endpoint lists.',
    );
    assert.match(cliAction(err('not-found', 'Model "e" was not found. Models there: a.'), 'embed', { ...LIVE, embeddingModel: 'e' }), /^Check AI_DOJO_VERIFY_EMBEDDING_MODEL \("e"\)/);
    assert.equal(cliAction(err('not-found', 'Nothing was found at x (404).'), 'chat', LIVE), 'Check AI_DOJO_VERIFY_BASE_URL (https://llm.example.test/v1): OpenAI-compatible servers usually end in /v1.');
    assert.match(cliAction(err('timeout'), 'chat', LIVE), /raise --model-timeout \(now 5 s\)/);
    assert.match(cliAction(err('rate-limit'), 'chat', LIVE), /more --retries \(now 2\)/);
    assert.match(cliAction(err('rate-limit', 'The account has run out of quota (429 insufficient_quota).'), 'chat', LIVE), /billing/);
    assert.match(cliAction(err('server'), 'chat', LIVE), /raise --retries \(now 2\)/);
    assert.equal(cliAction(err('network', 'Nothing is listening', 'x', false), 'chat', LIVE), 'Check AI_DOJO_VERIFY_BASE_URL (https://llm.example.test/v1) and that the server there is running.');
    assert.match(cliAction(err('network', 'reset', 'x', true), 'chat', LIVE), /network to it; if the failures are brief, raise --retries/);
    assert.match(cliAction(err('network', 'TLS', 'point NODE_EXTRA_CA_CERTS at its certificate.'), 'chat', LIVE), /NODE_EXTRA_CA_CERTS/);
    const big = answerTooLargeError({ baseUrl: LIVE.baseUrl, timeoutMs: 1 }, '8 MB');
    assert.equal(cliAction(big, 'chat', LIVE), big.action);
    assert.equal(cliAction(err('bad-request', 'max_tokens too big', 'Check the request\'s parameters.'), 'chat', LIVE), 'Check the request\'s parameters.');
  });

  it('tallies calls and failures per lesson, and fails later calls at once after the endpoint failed', async function () {
    const guard = new LiveGuard(LIVE);
    const inner = failing(err('timeout', 'No answer from https://llm.example.test/v1 within 5 s.', 'Try again.', true));
    const client = guard.wrap(inner);
    guard.begin('t/a');
    await assert.rejects(client.chat({ model: 'gpt-x', messages: [] }), (e: ModelError) => /raise --model-timeout/.test(e.action));
    const a = guard.take();
    assert.equal(a.calls, 1);
    assert.equal(a.failures.length, 1);
    assert.match(liveProblem(LIVE, a) ?? '', /^The live model failed 1 of 1 calls at https:\/\/llm\.example\.test\/v1: No answer from .* within 5 s\. Check that the endpoint/);

    guard.begin('t/b');
    await assert.rejects(client.chat({ model: 'gpt-x', messages: [] }), /Not called: the live model already failed earlier in this run \(on t\/a\): No answer/);
    assert.equal(inner.calls, 1, 'the endpoint was not called again');
    // Another model (the embedding one) is a different question: it is still asked.
    await assert.rejects(client.embed({ model: 'emb', input: ['x'] }));
    assert.equal(inner.calls, 2);
    const b = guard.take();
    assert.equal(b.calls, 2);
    assert.match(liveProblem(LIVE, b) ?? '', /failed 2 of 2 calls/);
    // A lesson whose every call was refused says so, and where the endpoint failed.
    guard.begin('t/c');
    await assert.rejects(client.chat({ model: 'gpt-x', messages: [] }));
    assert.equal(
      liveProblem(LIVE, guard.take(), 't/c'),
      'The live model at https://llm.example.test/v1 was not called: it failed earlier in this run, on t/a. No answer from https://llm.example.test/v1 within 5 s. Check that the endpoint at AI_DOJO_VERIFY_BASE_URL (https://llm.example.test/v1) is up; if the model is only slow, raise --model-timeout (now 5 s).',
    );
    // The server's words without a full stop still read as a sentence before the advice.
    assert.match(liveProblem(LIVE, { calls: 1, failures: [{ error: err('server', 'busy (503): try later', 'Wait.'), skipped: false }] }) ?? '', /busy \(503\): try later\. Wait\.$/);
    assert.equal(liveProblem(LIVE, { calls: 3, failures: [] }), undefined);
  });

  it('a bad request or a too-large answer does not stop later calls', async function () {
    const guard = new LiveGuard(LIVE);
    const inner = failing(err('bad-request', 'response_format is not supported', 'Check the request.'));
    const client = guard.wrap(inner);
    await assert.rejects(client.chat({ model: 'gpt-x', messages: [] }));
    await assert.rejects(client.chat({ model: 'gpt-x', messages: [] }), /response_format is not supported/);
    assert.equal(inner.calls, 2);
  });

  it('redactDeep scrubs the key from every string of a report, keys included, and leaves the rest alone', function () {
    const key = 'sk-test-DO-NOT-PRINT-1234';
    const report = { id: 'x', n: 3, ok: false, problems: [`threw ${key}!`, 'fine'], nested: [{ [key]: `${key}${key}` }], none: null };
    const clean = redactDeep(report, key);
    assert.ok(!JSON.stringify(clean).includes(key));
    assert.deepEqual(clean, { id: 'x', n: 3, ok: false, problems: ['threw [redacted]!', 'fine'], nested: [{ '[redacted]': '[redacted][redacted]' }], none: null });
    assert.equal(report.problems[0], `threw ${key}!`, 'the original is not changed');
    assert.equal(redactDeep(report, undefined), report);
  });
});
