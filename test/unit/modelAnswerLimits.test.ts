// What the model client says about answers that are too big or not an API's answer at all:
// size caps (bytes of a body, characters of a text), non-JSON whole answers, HTML pages (with
// their status and title), empty choices. A tiny http server on 127.0.0.1 plays each one.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { APIError } from 'openai';
import { htmlPage, ModelError, notJsonError, toModelError } from '../../src/core/model/errors';
import { OpenAiCompatibleClient, type OpenAiClientOptions } from '../../src/core/model/openaiClient';

const KEY = 'sk-test-DO-NOT-PRINT-1234';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function serve(handler: Handler): Promise<{ baseUrl: string; close: () => Promise<void>; closedEarly: () => boolean }> {
  let closedEarly = false;
  const server = http.createServer((req, res) => {
    res.on('close', () => {
      if (!res.writableFinished) closedEarly = true;
    });
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    closedEarly: () => closedEarly,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function client(baseUrl: string, opts: Partial<OpenAiClientOptions> = {}): OpenAiCompatibleClient {
  return new OpenAiCompatibleClient({ baseUrl, apiKey: async () => KEY, timeoutMs: 10_000, maxRetries: 0, ...opts });
}

async function chatError(baseUrl: string, opts: Partial<OpenAiClientOptions> = {}, stream = false): Promise<ModelError> {
  try {
    await client(baseUrl, opts).chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream });
  } catch (e) {
    assert.ok(e instanceof ModelError, `expected a ModelError, got ${String(e)}`);
    assert.ok(!e.message.includes(KEY) && !e.action.includes(KEY), 'the key never appears in an error');
    return e;
  }
  assert.fail('the call should have failed');
}

function completion(text: string): string {
  return JSON.stringify({ id: 'c', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] });
}

/** Writes `total` bytes of a JSON string answer, respecting back-pressure; stops when the client goes. */
function bigJson(total: number): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let sent = 0;
    res.write('{"choices":[{"message":{"content":"');
    const push = (): void => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', push);
          return;
        }
      }
      if (!res.destroyed) res.end('"}}]}');
    };
    push();
  };
}

describe('model answers: size caps and answers that are not an API\'s', function () {
  this.timeout(20_000);

  it('stops a 50 MB non-streaming answer at the byte cap with a clear error, and hangs up', async function () {
    const s = await serve(bigJson(50 * 1024 * 1024));
    try {
      const e = await chatError(s.baseUrl);
      assert.equal(e.kind, 'bad-response');
      assert.equal(e.retryable, false);
      assert.match(e.message, /^The model's answer was larger than 8 MB, so reading it stopped there/);
      assert.match(e.action, /shorter answer/);
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(s.closedEarly(), 'the connection was closed before the server finished sending');
    } finally {
      await s.close();
    }
  });

  it('caps the text of an answer, whole or streamed, by characters', async function () {
    const whole = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(completion('x'.repeat(2000)));
    });
    const streamed = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const timer = setInterval(() => {
        if (res.destroyed || n++ > 500) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content: 'y'.repeat(100) } }] })}\n\n`);
      }, 1);
    });
    try {
      const e1 = await chatError(whole.baseUrl, { maxAnswerChars: 1000 });
      assert.match(e1.message, /^The model's answer was larger than 1000 characters/);
      const e2 = await chatError(streamed.baseUrl, { maxAnswerChars: 1000 }, true);
      assert.match(e2.message, /^The model's answer was larger than 1000 characters/);
      assert.equal(e2.partialText, 'y'.repeat(1000), 'what arrived within the cap is kept');
    } finally {
      await whole.close();
      await streamed.close();
    }
  });

  it('a stream past the byte cap stops with the same error', async function () {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const pad = ' '.repeat(4000);
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        // Chunks with whitespace and no text: only the byte cap can stop them.
        res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: {} }], pad })}\n\n`);
      }, 1);
    });
    try {
      const e = await chatError(s.baseUrl, { maxAnswerBytes: 64 * 1024 }, true);
      assert.match(e.message, /^The model's answer was larger than 64 KB/);
    } finally {
      await s.close();
    }
  });

  it('a whole answer that is not JSON is described as such, not as a malformed stream', async function () {
    const plain = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello, I am not an API');
    });
    const lying = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"choices": [oops');
    });
    try {
      const e1 = await chatError(plain.baseUrl);
      assert.equal(e1.message, `The endpoint at ${plain.baseUrl} answered with text that is not JSON ("hello, I am not an API") instead of an OpenAI-compatible JSON answer.`);
      const e2 = await chatError(lying.baseUrl);
      assert.match(e2.message, /answered with data that is not JSON \(.*JSON.*\) instead of an OpenAI-compatible JSON answer\.$/);
      for (const e of [e1, e2]) {
        assert.doesNotMatch(e.message, /stream/i);
        assert.match(e.action, /base URL/);
      }
    } finally {
      await plain.close();
      await lying.close();
    }
  });

  it('an HTML page is named as HTML, with its status and title', async function () {
    const page = '<!DOCTYPE html>\n<html><head><title>\n  Sign in to Corp Proxy </title></head><body>Please log in</body></html>';
    const s = await serve((req, res) => {
      const status = req.url?.includes('/gw/') ? 502 : req.url?.includes('/login/') ? 401 : 200;
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(status === 502 ? '<html><head><title>502 Bad Gateway</title></head></html>' : page);
    });
    try {
      const ok = await chatError(s.baseUrl);
      assert.equal(ok.kind, 'bad-response');
      assert.match(ok.message, /answered with an HTML page \("Sign in to Corp Proxy"\) instead of an OpenAI-compatible JSON answer/);
      assert.match(ok.action, /login page means the proxy wants you to sign in/);

      const gw = await chatError(s.baseUrl.replace('/v1', '/gw/v1'));
      assert.equal(gw.kind, 'server');
      assert.equal(gw.status, 502);
      assert.equal(gw.retryable, true);
      assert.match(gw.message, /answered 502 with an HTML page \("502 Bad Gateway"\), not an API error/);

      const login = await chatError(s.baseUrl.replace('/v1', '/login/v1'));
      assert.equal(login.status, 401);
      assert.match(login.message, /answered 401 with an HTML page \("Sign in to Corp Proxy"\)/);
      assert.doesNotMatch(login.message + login.action, /<html|Please log in/, 'the page itself is not dumped into the message');
    } finally {
      await s.close();
    }
  });

  it('an answer with an empty choices list says so', async function () {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'c', object: 'chat.completion', choices: [] }));
    });
    try {
      const e = await chatError(s.baseUrl);
      assert.match(e.message, /expected a chat completion with at least one choice, got an empty "choices" list\.$/);
    } finally {
      await s.close();
    }
  });

  it('error texts: htmlPage and notJsonError on their own', function () {
    assert.deepEqual(htmlPage('  <!doctype html><title>A &amp; B</title>'), { title: 'A &amp; B' });
    assert.deepEqual(htmlPage('<html lang="en"><body>x</body></html>'), {});
    assert.equal(htmlPage('{"error": "<html>"}'), undefined);
    assert.equal(htmlPage('plain words'), undefined);
    const ctx = { baseUrl: 'https://gw.example.test/v1', timeoutMs: 1000 };
    const viaSyntax = notJsonError(ctx, undefined, new SyntaxError('Unexpected token \'<\', "<!DOCTYPE html><ht"... is not valid JSON'));
    assert.match(viaSyntax.message, /answered with an HTML page instead of/);
    const plain5xx = toModelError(APIError.generate(500, undefined, '<html><head><title>Oops</title></head></html>', new Headers({ 'content-type': 'text/html' })), ctx);
    assert.match(plain5xx.message, /^The endpoint at https:\/\/gw\.example\.test\/v1 answered 500 with an HTML page \("Oops"\)/);
    assert.equal(plain5xx.detail, 'Oops');
  });
});
