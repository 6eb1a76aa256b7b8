// The scripted OpenAI-compatible server on its own: wire format (raw fetch) and the real SDK's
// view of it, including the SDK's default base64 embeddings.
import { strict as assert } from 'node:assert';
import OpenAI from 'openai';
import { scriptedEmbedding, startScriptedServer, type ScriptedServer } from '../../src/core/model/scriptedServer';

async function post(server: ScriptedServer, path: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function sseData(raw: string): string[] {
  return raw.split('\n\n').filter((e) => e.trim() !== '').map((e) => {
    assert.ok(e.startsWith('data: '), `an SSE event: ${JSON.stringify(e)}`);
    return e.slice('data: '.length);
  });
}

describe('scripted OpenAI-compatible server', function () {
  let server: ScriptedServer;
  before(async function () {
    server = await startScriptedServer();
  });
  after(async function () {
    await server.close();
  });
  beforeEach(function () {
    server.setReply({});
    server.requests.length = 0;
  });

  it('listens on 127.0.0.1 and exposes url and baseUrl', function () {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.baseUrl, `${server.url}/v1`);
  });

  it('streams proper SSE: role chunk, content chunks, finish, usage, [DONE]', async function () {
    server.setReply({ text: 'Hi there', finishReason: 'length' });
    const res = await post(server, '/v1/chat/completions', {
      model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const data = sseData(await res.text());
    assert.equal(data.at(-1), '[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    for (const c of chunks) assert.equal(c.object, 'chat.completion.chunk');
    assert.deepEqual(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
    assert.deepEqual(chunks.slice(1, 3).map((c) => c.choices[0].delta.content), ['Hi', ' there']);
    assert.equal(chunks[3].choices[0].finish_reason, 'length');
    assert.deepEqual(chunks[4].choices, []);
    assert.deepEqual(chunks[4].usage, { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
  });

  it('sends no usage chunk unless asked', async function () {
    const res = await post(server, '/v1/chat/completions', { model: 'scripted-chat', messages: [], stream: true });
    const data = sseData(await res.text());
    assert.ok(data.slice(0, -1).every((d) => !('usage' in JSON.parse(d))));
    assert.equal(JSON.parse(data.at(-2) ?? '{}').choices[0].finish_reason, 'stop');
  });

  it('answers an unknown model with OpenAI\'s 404 shape, unless the reply overrides', async function () {
    const res = await post(server, '/v1/chat/completions', { model: 'nope', messages: [] });
    assert.equal(res.status, 404);
    const body = await res.json();
    assert.equal(body.error.type, 'invalid_request_error');
    assert.equal(body.error.code, 'model_not_found');
    assert.match(body.error.message, /nope/);

    server.setReply({ status: 200, text: 'anything goes' });
    const ok = await post(server, '/v1/chat/completions', { model: 'nope', messages: [] });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).choices[0].message.content, 'anything goes');
  });

  it('consumes an array of replies in order and repeats the last', async function () {
    server.setReply([{ status: 429, headers: { 'Retry-After': '3' } }, { text: 'second' }, { text: 'last' }]);
    const statuses: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(server, '/v1/chat/completions', { model: 'scripted-chat', messages: [] });
      statuses.push(res.ok ? (await res.json()).choices[0].message.content : `${res.status} retry-after=${res.headers.get('retry-after')}`);
    }
    assert.deepEqual(statuses, ['429 retry-after=3', 'second', 'last', 'last', 'last']);
    // /models does not consume static replies.
    server.setReply([{ status: 500 }, {}]);
    assert.equal((await fetch(`${server.url}/v1/models`)).status, 200);
    assert.equal((await post(server, '/v1/chat/completions', { model: 'scripted-chat', messages: [] })).status, 500);
  });

  it('records method, path, headers and the parsed body', async function () {
    await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test': 'yes' }, body: '{"model":"scripted-chat","messages":[]}' });
    await fetch(`${server.url}/v1/embeddings`, { method: 'POST', body: 'not json' });
    const [a, b] = server.requests;
    assert.equal(a.method, 'POST');
    assert.equal(a.path, '/v1/chat/completions');
    assert.equal(a.headers['x-test'], 'yes');
    assert.deepEqual(a.body, { model: 'scripted-chat', messages: [] });
    assert.equal(b.body, 'not json');
  });

  it('404s unknown routes with an OpenAI-shaped error', async function () {
    const res = await fetch(`${server.url}/v1/responses`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 404);
    assert.equal((await res.json()).error.type, 'invalid_request_error');
  });

  it('embeds deterministically, normalised, as floats or base64 (the SDK default)', async function () {
    const sdk = new OpenAI({ baseURL: server.baseUrl, apiKey: 'k', maxRetries: 0 });
    const viaBase64 = await sdk.embeddings.create({ model: 'scripted-embed', input: ['hello world', 'hello'] });
    const viaFloat = await sdk.embeddings.create({ model: 'scripted-embed', input: ['hello world', 'hello'], encoding_format: 'float' });
    assert.equal(server.requests[0].body.encoding_format, 'base64');
    assert.equal(viaFloat.data.length, 2);
    for (let i = 0; i < 2; i++) {
      const f = viaFloat.data[i].embedding;
      assert.equal(f.length, 8);
      assert.deepEqual(f, scriptedEmbedding(['hello world', 'hello'][i], 8));
      const b = viaBase64.data[i].embedding;
      assert.equal(b.length, 8);
      b.forEach((x, j) => assert.ok(Math.abs(x - f[j]) < 1e-6));
    }
    assert.deepEqual(scriptedEmbedding('Hello, WORLD!', 8), scriptedEmbedding('hello world', 8), 'a bag of lower-cased words');
    assert.notDeepEqual(scriptedEmbedding('hello', 8), scriptedEmbedding('world', 8));
    const empty = scriptedEmbedding('', 4);
    assert.ok(Math.abs(Math.hypot(...empty) - 1) < 1e-9);
  });

  it('a function reply sees every request, /models included', async function () {
    server.setReply((req) => (req.path === '/v1/models' ? { status: 503 } : { text: `you sent ${req.body.messages.length}` }));
    assert.equal((await fetch(`${server.url}/v1/models`)).status, 503);
    const res = await post(server, '/v1/chat/completions', { model: 'scripted-chat', messages: [{ role: 'user', content: 'a' }] });
    assert.equal((await res.json()).choices[0].message.content, 'you sent 1');
  });

  it('close() ends hanging requests and lets the process exit', async function () {
    const hanging = await startScriptedServer({ reply: { hang: true } });
    const pending = post(hanging, '/v1/chat/completions', { model: 'scripted-chat', messages: [] }).then(
      () => 'answered',
      () => 'failed',
    );
    const slow = await startScriptedServer({ reply: { latencyMs: 60_000 } });
    const pendingSlow = post(slow, '/v1/chat/completions', { model: 'scripted-chat', messages: [] }).then(() => 'answered', () => 'failed');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(hanging.requests.length, 1);
    const started = Date.now();
    await Promise.all([hanging.close(), slow.close()]);
    assert.equal(await pending, 'failed');
    assert.equal(await pendingSlow, 'failed');
    assert.ok(Date.now() - started < 30_000, 'close() did not wait for the 60 s reply');
    await hanging.close(); // idempotent
  });

  it('scripts tool calls that the real SDK reads, streamed and not', async function () {
    const client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'k', maxRetries: 0 });
    server.setReply({ toolCalls: [{ name: 'lookup_order', arguments: { id: 'A-17' } }] });
    const r = await client.chat.completions.create({ model: 'scripted-chat', messages: [{ role: 'user', content: 'where is A-17?' }] });
    const call = r.choices[0].message.tool_calls?.[0];
    assert.equal(r.choices[0].finish_reason, 'tool_calls');
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'lookup_order');
    assert.deepEqual(JSON.parse(call.function.arguments), { id: 'A-17' });
    assert.equal(r.choices[0].message.content, null);

    const stream = await client.chat.completions.create({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }], stream: true });
    const names: string[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const t of chunk.choices[0]?.delta.tool_calls ?? []) if (t.function?.name) names.push(t.function.name);
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.deepEqual(names, ['lookup_order']);
    assert.equal(finish, 'tool_calls');
  });

  it('lists what it recorded at /__dojo/requests, without recording that request', async function () {
    await post(server, '/v1/chat/completions', { model: 'scripted-chat', messages: [{ role: 'user', content: 'one' }] });
    const listed = (await (await fetch(`${server.url}/__dojo/requests`)).json()) as { path: string; body: { messages: unknown[] } }[];
    assert.equal(listed.length, 1);
    assert.equal(listed[0].path, '/v1/chat/completions');
    assert.deepEqual(listed[0].body.messages, [{ role: 'user', content: 'one' }]);
    assert.equal(server.requests.length, 1);
  });
});
