// A client without a key reuses its SDK instances (nothing secret in them): a key set later is
// still sent at once, a key removed is gone at once, and every answer is still read through the
// size cap.
import { strict as assert } from 'node:assert';
import { ModelError } from '../../src/core/model/errors';
import { OpenAiCompatibleClient } from '../../src/core/model/openaiClient';
import { startScriptedServer, type ScriptedServer } from '../../src/core/model/scriptedServer';

describe('OpenAiCompatibleClient without a key', function () {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  it('sends the key of the moment, before and after keyless requests', async function () {
    server = await startScriptedServer();
    let key: string | undefined;
    const client = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, apiKey: async () => key, timeoutMs: 5000, maxRetries: 0 });
    const ask = () => client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] });
    await ask();
    await ask();
    key = 'sk-now-set';
    await ask();
    key = undefined;
    await ask();
    assert.deepEqual(
      server.requests.map((r) => r.headers.authorization),
      ['Bearer no-key', 'Bearer no-key', 'Bearer sk-now-set', 'Bearer no-key'],
    );
  });

  it('caps every answer of a reused instance', async function () {
    server = await startScriptedServer({ reply: [{ text: 'short' }, { text: 'long '.repeat(200) }, { text: 'short again' }] });
    const client = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, apiKey: async () => undefined, timeoutMs: 5000, maxRetries: 0, maxAnswerBytes: 600 });
    const ask = () => client.chat({ model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] });
    assert.equal((await ask()).text, 'short');
    await assert.rejects(ask(), (e: unknown) => e instanceof ModelError && /so reading it stopped there/.test(e.message));
    assert.equal((await ask()).text, 'short again');
  });
});
