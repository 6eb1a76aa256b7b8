// OpenAiCompatibleClient through the real `openai` SDK, over real HTTP, against the scripted
// server on 127.0.0.1.
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { ModelError } from '../../src/core/model/errors';
import { OpenAiCompatibleClient, type OpenAiClientOptions } from '../../src/core/model/openaiClient';
import { startScriptedServer, type ScriptedServer } from '../../src/core/model/scriptedServer';

const FAKE_KEY = 'sk-dojo-FAKE-7Qz9xLmN4pRt2VwK';

interface Harness {
  client: OpenAiCompatibleClient;
  logs: string[];
  slept: number[];
}

function isModelError(kind: ModelError['kind'], check: (e: ModelError) => void = () => {}) {
  return (e: unknown) => {
    assert.ok(e instanceof ModelError, `expected a ModelError, got ${String(e)}`);
    assert.equal(e.kind, kind, `kind of "${e.message}"`);
    assert.ok(e.action.length > 0, 'every error says what to do next');
    assert.ok(!e.message.includes(FAKE_KEY) && !e.action.includes(FAKE_KEY), 'the key never appears in an error');
    check(e);
    return true;
  };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('OpenAiCompatibleClient against the scripted server', function () {
  let server: ScriptedServer;
  const allLogs: string[] = [];

  before(async function () {
    server = await startScriptedServer();
  });
  after(async function () {
    await server.close();
    for (const line of allLogs) assert.ok(!line.includes(FAKE_KEY), `a log line holds the key: ${line}`);
  });
  beforeEach(function () {
    server.setReply({});
    server.requests.length = 0;
  });

  function make(opts: Partial<OpenAiClientOptions> = {}): Harness {
    const logs: string[] = [];
    const slept: number[] = [];
    const client = new OpenAiCompatibleClient({
      baseUrl: server.baseUrl,
      apiKey: async () => FAKE_KEY,
      timeoutMs: 5000,
      log: (level, msg) => {
        logs.push(`${level}: ${msg}`);
        allLogs.push(msg);
      },
      sleep: async (ms) => {
        slept.push(ms);
      },
      random: () => 0.5,
      ...opts,
    });
    return { client, logs, slept };
  }

  describe('chat', function () {
    it('answers without streaming and sends every parameter', async function () {
      server.setReply({ text: 'Hello there.', usage: { promptTokens: 11, completionTokens: 3, cachedTokens: 4 } });
      const { client } = make({ defaultHeaders: { 'X-Dojo-Lesson': 'l1' } });
      const r = await client.chat({
        model: 'scripted-chat',
        messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }],
        temperature: 0.2,
        maxTokens: 50,
        stop: ['\n\n'],
        responseFormat: { type: 'json_schema', name: 'greeting', schema: { type: 'object', properties: { g: { type: 'string' } } }, strict: true },
      });
      assert.equal(r.text, 'Hello there.');
      assert.equal(r.model, 'scripted-chat');
      assert.equal(r.finishReason, 'stop');
      assert.equal(r.attempts, 1);
      assert.deepEqual(r.usage, { promptTokens: 11, completionTokens: 3, totalTokens: 14, cachedTokens: 4 });
      assert.ok(r.latencyMs >= 0);
      assert.equal(r.firstTokenMs, undefined);

      assert.equal(server.requests.length, 1);
      const req = server.requests[0];
      assert.equal(req.method, 'POST');
      assert.equal(req.path, '/v1/chat/completions');
      assert.equal(req.headers.authorization, `Bearer ${FAKE_KEY}`);
      assert.equal(req.headers['x-dojo-lesson'], 'l1');
      assert.equal(req.body.model, 'scripted-chat');
      assert.deepEqual(req.body.messages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]);
      assert.equal(req.body.temperature, 0.2);
      assert.equal(req.body.max_tokens, 50);
      assert.deepEqual(req.body.stop, ['\n\n']);
      assert.deepEqual(req.body.response_format, {
        type: 'json_schema',
        json_schema: { name: 'greeting', schema: { type: 'object', properties: { g: { type: 'string' } } }, strict: true },
      });
      assert.equal(req.body.stream, false);
    });

    it('echoes the last user message by default and maps json_object', async function () {
      const { client } = make();
      const r = await client.chat({
        model: 'scripted-chat',
        messages: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'second one' }],
        responseFormat: { type: 'json_object' },
      });
      assert.equal(r.text, 'echo: second one');
      assert.deepEqual(r.usage, { promptTokens: 4, completionTokens: 3, totalTokens: 7 });
      const body = server.requests[0].body;
      assert.deepEqual(body.response_format, { type: 'json_object' });
      assert.equal('temperature' in body, false, 'unset options are not sent');
      assert.equal('max_tokens' in body, false);
      assert.equal('stop' in body, false);
    });

    it('streams deltas in order, with usage and time to first token', async function () {
      const text = 'The quick brown fox jumps over the lazy dog.';
      server.setReply({ text, chunkDelayMs: 5, usage: { promptTokens: 9 } });
      const { client } = make();
      const deltas: string[] = [];
      const r = await client.chat({
        model: 'scripted-chat',
        messages: [{ role: 'user', content: 'Say the pangram.' }],
        temperature: 0,
        maxTokens: 20,
        stop: ['END'],
        responseFormat: { type: 'json_object' },
        stream: true,
        onDelta: (d) => deltas.push(d),
      });
      assert.equal(r.text, text);
      assert.equal(deltas.join(''), text);
      assert.deepEqual(deltas, ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog.']);
      assert.equal(r.finishReason, 'stop');
      assert.deepEqual(r.usage, { promptTokens: 9, completionTokens: 9, totalTokens: 18 });
      assert.ok(r.firstTokenMs !== undefined && r.firstTokenMs >= 0);
      assert.ok(r.latencyMs >= r.firstTokenMs, `latency ${r.latencyMs} < first token ${r.firstTokenMs}`);
      assert.equal(r.attempts, 1);

      const body = server.requests[0].body;
      assert.equal(body.stream, true);
      assert.deepEqual(body.stream_options, { include_usage: true });
      assert.equal(body.model, 'scripted-chat');
      assert.deepEqual(body.messages, [{ role: 'user', content: 'Say the pangram.' }]);
      assert.equal(body.temperature, 0);
      assert.equal(body.max_tokens, 20);
      assert.deepEqual(body.stop, ['END']);
      assert.deepEqual(body.response_format, { type: 'json_object' });
    });

    it('uses a placeholder when there is no key (Ollama, LM Studio)', async function () {
      const { client } = make({ apiKey: async () => undefined });
      await client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(server.requests[0].headers.authorization, 'Bearer no-key');
    });

    it('passes an exception from onDelta through untouched, without retrying', async function () {
      const { client } = make();
      const boom = new Error('the panel went away');
      await assert.rejects(
        client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'a b c' }], stream: true, onDelta: () => { throw boom; } }),
        (e: unknown) => e === boom,
      );
      assert.equal(server.requests.length, 1);
    });
  });

  describe('errors', function () {
    it('401: the key was rejected; run Set API Key', async function () {
      server.setReply({ status: 401 });
      const { client } = make();
      await assert.rejects(client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] }), isModelError('auth', (e) => {
        assert.equal(e.status, 401);
        assert.equal(e.message, 'The endpoint rejected the API key (401).');
        assert.equal(e.action, 'Run AI Dojo: Set API Key.');
        assert.equal(e.retryable, false);
      }));
      assert.equal(server.requests.length, 1, 'auth errors are not retried');
    });

    it('403: forbidden', async function () {
      server.setReply({ status: 403 });
      const { client } = make();
      await assert.rejects(client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] }), isModelError('forbidden', (e) => {
        assert.equal(e.status, 403);
        assert.match(e.message, /403/);
        assert.match(e.action, /Set API Key/);
      }));
      assert.equal(server.requests.length, 1);
    });

    it('404 for a model lists the models the endpoint has', async function () {
      const { client } = make();
      await assert.rejects(client.chat({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] }), isModelError('not-found', (e) => {
        assert.equal(e.status, 404);
        assert.equal(e.message, `Model "gpt-9" was not found at ${server.baseUrl} (404). Models there: scripted-chat, scripted-embed.`);
        assert.match(e.detail ?? '', /does not exist/);
      }));
      assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`), ['POST /v1/chat/completions', 'GET /v1/models']);
    });

    it('404 for a model with Ollama suggests ollama pull', async function () {
      const { client } = make({ providerLabel: 'Ollama' });
      await assert.rejects(client.embed({ model: 'nomic-embed', input: ['x'] }), isModelError('not-found', (e) => {
        assert.match(e.message, /Model "nomic-embed" was not found/);
        assert.match(e.action, /ollama pull nomic-embed/);
      }));
    });

    it('404 everywhere points at the base URL', async function () {
      server.setReply(() => ({ status: 404, error: { message: '404 page not found' } }));
      const { client } = make();
      await assert.rejects(client.chat({ model: 'llama3', messages: [{ role: 'user', content: 'x' }] }), isModelError('not-found', (e) => {
        assert.match(e.message, /neither was its list of models/);
        assert.match(e.action, /base URL/);
      }));
    });

    it('a failing model list never hides the 404', async function () {
      server.setReply((req) => (req.path.endsWith('/models') ? { status: 500 } : { status: 404, error: { message: 'no such model' } }));
      const { client } = make();
      await assert.rejects(client.chat({ model: 'llama3', messages: [{ role: 'user', content: 'x' }] }), isModelError('not-found', (e) => {
        assert.equal(e.message, `Model "llama3" was not found at ${server.baseUrl} (404).`);
      }));
    });

    it('429 with Retry-After: 1 then 200 is retried once after the hinted wait', async function () {
      server.setReply([{ status: 429, headers: { 'Retry-After': '1' } }, { text: 'finally' }]);
      const { client, slept, logs } = make();
      const r = await client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] });
      assert.equal(r.text, 'finally');
      assert.equal(r.attempts, 2);
      assert.deepEqual(slept, [1000]);
      assert.equal(server.requests.length, 2);
      assert.ok(logs.some((l) => /^warn: chat "scripted-chat": The endpoint is rate-limiting requests \(429\).*Retrying in 1\.0 s \(attempt 2 of 3\)/.test(l)), logs.join('\n'));
    });

    it('429 with a real wait (default sleep) takes about Retry-After', async function () {
      server.setReply([{ status: 429, headers: { 'Retry-After': '1' } }, {}]);
      const { client } = make({ sleep: undefined });
      const started = Date.now();
      const r = await client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }], stream: true });
      const waited = Date.now() - started;
      assert.equal(r.attempts, 2);
      assert.ok(waited >= 900 && waited < 10_000, `waited ${waited} ms`);
    });

    it('429 insufficient_quota is not retried', async function () {
      server.setReply({ status: 429, error: { message: 'You exceeded your current quota.', type: 'insufficient_quota', code: 'insufficient_quota' } });
      const { client } = make();
      await assert.rejects(client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] }), isModelError('rate-limit', (e) => {
        assert.equal(e.retryable, false);
        assert.match(e.message, /quota/);
      }));
      assert.equal(server.requests.length, 1);
    });

    it('500 three times: a server error after maxRetries, with backoff between', async function () {
      server.setReply({ status: 500 });
      const { client, slept } = make({ maxRetries: 2, retryBaseMs: 200, retryCapMs: 5000 });
      await assert.rejects(client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] }), isModelError('server', (e) => {
        assert.equal(e.status, 500);
        assert.equal(e.attempts, 3);
        assert.equal(e.retryable, true);
        assert.match(e.message, /server error \(500\)/);
      }));
      assert.equal(server.requests.length, 3);
      assert.deepEqual(slept, [100, 200]); // 0.5 × 200, 0.5 × 400
    });

    it('400 is never retried and says what the server objected to', async function () {
      server.setReply({ status: 400, error: { message: "Unsupported parameter: 'stop'." } });
      const { client } = make();
      await assert.rejects(client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }], stop: ['x'] }), isModelError('bad-request', (e) => {
        assert.equal(e.status, 400);
        assert.equal(e.message, "The endpoint refused the request (400): Unsupported parameter: 'stop'.");
        assert.equal(e.attempts, 1);
      }));
      assert.equal(server.requests.length, 1);
    });

    it('timeout: no answer within timeoutMs', async function () {
      server.setReply({ latencyMs: 3000 });
      const { client } = make({ timeoutMs: 300, maxRetries: 0 });
      // The server answers after 3 s: a timeout error (not an answer) proves the 0.3 s limit held.
      await assert.rejects(client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] }), isModelError('timeout', (e) => {
        assert.equal(e.message, `No answer from ${server.baseUrl} within 0.3 s.`);
        assert.equal(e.retryable, true);
      }));
    });

    it('timeouts are retried', async function () {
      server.setReply([{ hang: true }, { text: 'awake' }]);
      const { client, slept } = make({ timeoutMs: 250, maxRetries: 1 });
      const r = await client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }], stream: true });
      assert.equal(r.text, 'awake');
      assert.equal(r.attempts, 2);
      assert.equal(slept.length, 1);
    });

    it('a stream that stalls after the headers times out too', async function () {
      server.setReply({ text: 'slow words here', chunkDelayMs: 2000 });
      const { client } = make({ timeoutMs: 300, maxRetries: 0 });
      await assert.rejects(
        client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }], stream: true }),
        isModelError('timeout', (e) => {
          assert.match(e.message, /stalled: nothing arrived for 0\.3 s/);
          assert.equal(e.partialText, '');
        }),
      );
    });

    it('connection refused names host:port; generic and Ollama advice', async function () {
      const port = await freePort();
      const { client } = make({ baseUrl: `http://127.0.0.1:${port}/v1` });
      await assert.rejects(client.chat({ model: 'llama3', messages: [{ role: 'user', content: 'x' }] }), isModelError('network', (e) => {
        assert.equal(e.message, `Nothing is listening at 127.0.0.1:${port} (connection refused).`);
        assert.equal(e.action, 'Check the base URL and that the server is running.');
        assert.equal(e.retryable, false);
        assert.equal(e.attempts, 1);
      }));
      const ollama = make({ baseUrl: `http://localhost:${port}/v1`, providerLabel: 'Ollama' });
      await assert.rejects(ollama.client.listModels(), isModelError('network', (e) => {
        assert.equal(e.message, `Nothing is listening at localhost:${port} (connection refused).`);
        assert.match(e.action, /`ollama serve`/);
      }));
    });

    it('a stream cut off mid-way is a bad response that keeps the partial text', async function () {
      server.setReply({ text: 'one two three four five six', malformed: 'truncate' });
      const { client } = make();
      const deltas: string[] = [];
      await assert.rejects(
        client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }], stream: true, onDelta: (d) => deltas.push(d) }),
        isModelError('bad-response', (e) => {
          assert.match(e.message, /^The stream was malformed or cut off/);
          assert.equal(e.partialText, 'one two three');
          assert.equal(e.retryable, false);
        }),
      );
      assert.equal(deltas.join(''), 'one two three');
      assert.equal(server.requests.length, 1, 'text was shown: never retried');
    });

    it('a stream with a non-JSON data line is a bad response with the partial text', async function () {
      server.setReply({ text: 'alpha beta gamma delta', malformed: 'garbage' });
      const { client, logs } = make();
      await assert.rejects(
        client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }], stream: true }),
        isModelError('bad-response', (e) => {
          assert.match(e.message, /^The stream was malformed or cut off \(a data line was not JSON\)/);
          assert.equal(e.partialText, 'alpha beta');
        }),
      );
      // The SDK's own complaint reaches our log, not the console.
      assert.ok(logs.some((l) => l.includes('Could not parse message into JSON')), logs.join('\n'));
    });

    it('a stream that simply stops (no finish, no [DONE]) is a bad response too', async function () {
      server.setReply({ text: 'a b c d', malformed: 'no-done' });
      const { client } = make();
      await assert.rejects(
        client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }], stream: true }),
        isModelError('bad-response', (e) => {
          assert.match(e.message, /ended without a finish reason or \[DONE\]/);
          assert.equal(e.partialText, 'a b');
        }),
      );
    });

    it('an abort before the answer is cancelled', async function () {
      server.setReply({ hang: true });
      const { client } = make();
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      await assert.rejects(client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }], signal: ac.signal }), isModelError('cancelled'));
      assert.equal(server.requests.length, 1);
    });

    it('an abort mid-stream is cancelled and keeps what arrived', async function () {
      server.setReply({ text: 'w1 w2 w3 w4 w5 w6 w7 w8', chunkDelayMs: 50 });
      const { client } = make();
      const ac = new AbortController();
      const deltas: string[] = [];
      await assert.rejects(
        client.chat({
          model: 'scripted-chat',
          messages: [{ role: 'user', content: 'x' }],
          stream: true,
          signal: ac.signal,
          onDelta: (d) => {
            deltas.push(d);
            if (deltas.length === 2) ac.abort();
          },
        }),
        isModelError('cancelled', (e) => assert.equal(e.partialText, 'w1 w2')),
      );
    });

    it('an abort during the retry wait is cancelled', async function () {
      server.setReply({ status: 503, headers: { 'Retry-After': '30' } });
      const { client } = make({ sleep: undefined, retryCapMs: 60_000 });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 150);
      await assert.rejects(client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }], signal: ac.signal }), isModelError('cancelled'));
      assert.equal(server.requests.length, 1);
    });

    it('an already aborted signal sends nothing', async function () {
      const { client } = make();
      const ac = new AbortController();
      ac.abort();
      await assert.rejects(client.embed({ model: 'scripted-embed', input: ['x'], signal: ac.signal }), isModelError('cancelled'));
      assert.equal(server.requests.length, 0);
    });

    it('never puts the key in an error or a log line, even when the server echoes it', async function () {
      server.setReply({ status: 401, error: { message: `Incorrect API key provided: ${FAKE_KEY}.`, code: 'invalid_api_key' } });
      const { client, logs } = make();
      await assert.rejects(client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] }), isModelError('auth', (e) => {
        assert.equal(e.detail, 'Incorrect API key provided: [redacted].');
        assert.ok(!String(e.stack).includes(FAKE_KEY));
        assert.ok(!JSON.stringify(e).includes(FAKE_KEY));
        assert.ok(!String((e as { cause?: unknown }).cause ?? '').includes(FAKE_KEY));
      }));
      server.setReply({ status: 500, error: { message: `internal failure for key ${FAKE_KEY}` } });
      await assert.rejects(client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] }), isModelError('server', (e) => {
        assert.ok(!String(e.detail).includes(FAKE_KEY));
      }));
      assert.ok(logs.length >= 3, logs.join('\n'));
      for (const line of logs) assert.ok(!line.includes(FAKE_KEY), line);
      assert.ok(server.requests.every((r) => r.headers.authorization === `Bearer ${FAKE_KEY}`), 'the key was sent to the server');
    });

    it('a failing apiKey() is an auth error', async function () {
      const { client } = make({ apiKey: async () => { throw new Error('SecretStorage is locked'); } });
      await assert.rejects(client.listModels(), isModelError('auth', (e) => assert.match(e.message, /SecretStorage is locked/)));
      assert.equal(server.requests.length, 0);
    });
  });

  describe('embed and listModels', function () {
    it('returns one normalised vector per input, deterministically', async function () {
      const dimServer = await startScriptedServer({ embeddingDim: 16 });
      try {
        const { client } = make({ baseUrl: dimServer.baseUrl });
        const input = ['the cat sat on the mat', 'a cat sat on a mat', 'quantum chromodynamics'];
        const a = await client.embed({ model: 'scripted-embed', input });
        const b = await client.embed({ model: 'scripted-embed', input: [input[2], input[0]] });
        assert.equal(a.vectors.length, 3);
        for (const v of a.vectors) {
          assert.equal(v.length, 16);
          const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
          assert.ok(Math.abs(norm - 1) < 1e-9, `norm ${norm}`);
        }
        assert.deepEqual(b.vectors, [a.vectors[2], a.vectors[0]]);
        assert.deepEqual(a.usage, { promptTokens: 14, completionTokens: 0, totalTokens: 14 }); // one token per word
        assert.ok(a.latencyMs >= 0);
        const cos = (x: number[], y: number[]) => x.reduce((s, xi, i) => s + xi * y[i], 0);
        assert.ok(cos(a.vectors[0], a.vectors[1]) > cos(a.vectors[0], a.vectors[2]), 'texts sharing words are closer');
        const req = dimServer.requests[0];
        assert.equal(req.path, '/v1/embeddings');
        assert.deepEqual(req.body, { model: 'scripted-embed', input, encoding_format: 'float' });
      } finally {
        await dimServer.close();
      }
    });

    it('an empty input needs no request', async function () {
      const { client } = make();
      assert.deepEqual((await client.embed({ model: 'scripted-embed', input: [] })).vectors, []);
      assert.equal(server.requests.length, 0);
    });

    it('lists model ids sorted', async function () {
      const other = await startScriptedServer({ models: ['zeta', 'alpha', 'Mid', 'alpha'] });
      try {
        const { client } = make({ baseUrl: other.baseUrl });
        assert.deepEqual(await client.listModels(), ['Mid', 'alpha', 'zeta']);
        assert.equal(other.requests[0].method, 'GET');
        assert.equal(other.requests[0].path, '/v1/models');
      } finally {
        await other.close();
      }
    });

    it('a 401 on /models is an auth error', async function () {
      server.setReply(() => ({ status: 401 }));
      const { client } = make();
      await assert.rejects(client.listModels(), isModelError('auth'));
    });

    it('a base URL without /v1 gets advice about the base URL', async function () {
      const { client } = make({ baseUrl: server.url }); // forgot the /v1
      await assert.rejects(client.listModels(), isModelError('not-found', (e) => {
        assert.match(e.message, /Nothing was found at http:\/\/127\.0\.0\.1:\d+ \(404\)/);
        assert.match(e.action, /\/v1/);
      }));
    });
  });
});
