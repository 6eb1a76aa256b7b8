// localFetch sends plain-http requests over node:http and everything else through fetch; what the
// model client sees (status, headers, body, stream timing, errors and their mapping) must be the
// same either way. Each behaviour is checked against the global fetch on the same server.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { toModelError } from '../../src/core/model/errors';
import { localFetch } from '../../src/core/model/localFetch';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

async function serve(handler: Handler): Promise<{ url: string; seen: http.IncomingHttpHeaders[]; close: () => Promise<void> }> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push(req.headers);
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const post = (body: string, signal?: AbortSignal): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' }, body, signal });
const ctx = (baseUrl: string) => ({ baseUrl, model: 'm', timeoutMs: 30_000 });
/** Response headers as pairs, without the clock's. */
const pairs = (h: Headers): string[][] => {
  const out: string[][] = [];
  h.forEach((v, k) => k !== 'date' && out.push([k, v]));
  return out;
};

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

describe('localFetch (node:http for plain-http model endpoints)', function () {
  it('answers as fetch does: status, headers, body, url; sends the body with its length, not chunked', async function () {
    const s = await serve((req, res, body) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.setHeader('x-request-id', 'req_1');
      res.writeHead(201, 'Made', { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, path: req.url, body, auth: req.headers.authorization }));
    });
    try {
      const mine = await localFetch(`${s.url}/v1/chat/completions`, post('{"é":1}'));
      const theirs = await fetch(`${s.url}/v1/chat/completions`, post('{"é":1}'));
      assert.equal(mine.status, 201);
      assert.equal(mine.statusText, theirs.statusText);
      assert.equal(mine.ok, true);
      assert.equal(mine.url, theirs.url);
      assert.deepEqual(pairs(mine.headers), pairs(theirs.headers));
      assert.deepEqual(await mine.json(), await theirs.json());
      // The first request is ours: a length (7 bytes in UTF-8), no chunking, none of fetch's browser headers.
      assert.equal(s.seen[0]['content-length'], '8');
      assert.equal(s.seen[0]['transfer-encoding'], undefined);
      assert.equal(s.seen[0]['sec-fetch-mode'], undefined);
      assert.equal(s.seen[1]['sec-fetch-mode'], 'cors', 'the second request went through fetch');
    } finally {
      await s.close();
    }
  });

  it('streams: the first piece arrives while the server is still sending', async function () {
    let release!: () => void;
    const more = new Promise<void>((r) => (release = r));
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      void more.then(() => res.end('data: two\n\n'));
    });
    try {
      const res = await localFetch(`${s.url}/stream`, post('{}'));
      const reader = res.body!.getReader();
      const first = await reader.read();
      assert.equal(Buffer.from(first.value!).toString(), 'data: one\n\n');
      release();
      let rest = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += Buffer.from(r.value).toString();
      assert.equal(rest, 'data: two\n\n');
    } finally {
      await s.close();
    }
  });

  it('aborts: before sending, while waiting, and mid-stream, with the AbortError fetch gives', async function () {
    let closed = 0;
    const s = await serve((req, res) => {
      res.on('close', () => closed++);
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n');
      }
      // Otherwise: never answers.
    });
    try {
      const before = new AbortController();
      before.abort();
      assert.equal((await rejection(localFetch(`${s.url}/wait`, post('{}', before.signal))) as Error).name, 'AbortError');

      const waiting = new AbortController();
      const p = localFetch(`${s.url}/wait`, post('{}', waiting.signal));
      setTimeout(() => waiting.abort(), 50);
      assert.equal((await rejection(p) as Error).name, 'AbortError');

      const streaming = new AbortController();
      const res = await localFetch(`${s.url}/stream`, post('{}', streaming.signal));
      const reader = res.body!.getReader();
      await reader.read();
      streaming.abort();
      assert.equal((await rejection(reader.read()) as Error).name, 'AbortError');
      for (let i = 0; i < 50 && closed < 2; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(closed, 2, 'the server saw both connections close');
    } finally {
      await s.close();
    }
  });

  it('a refused connection fails as fetch fails, and maps to the same model error', async function () {
    const s = await serve(() => undefined);
    const url = s.url;
    await s.close();
    const mine = await rejection(localFetch(`${url}/v1/models`, post('{}')));
    const theirs = await rejection(fetch(`${url}/v1/models`, post('{}')));
    assert.ok(mine instanceof TypeError);
    assert.equal((mine as Error).message, 'fetch failed');
    assert.equal(((mine as Error).cause as { code?: string }).code, 'ECONNREFUSED');
    assert.equal(toModelError(mine, ctx(url)).message, toModelError(theirs, ctx(url)).message);
    assert.equal(toModelError(mine, ctx(url)).kind, 'network');
  });

  it('a body cut off mid-way (with and without a length) is "terminated", mapped as fetch\'s is', async function () {
    const s = await serve((req, res) => {
      res.writeHead(200, req.url === '/length' ? { 'content-type': 'application/json', 'content-length': '100' } : { 'content-type': 'application/json' });
      res.write('{"choices": [');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      for (const path of ['/length', '/chunked']) {
        const mine = await rejection(localFetch(`${s.url}${path}`, post('{}')).then((r) => r.text()));
        const theirs = await rejection(fetch(`${s.url}${path}`, post('{}')).then((r) => r.text()));
        assert.equal((mine as Error).message, 'terminated', path);
        assert.equal(toModelError(mine, ctx(s.url)).message, toModelError(theirs, ctx(s.url)).message, path);
      }
    } finally {
      await s.close();
    }
  });

  it('follows redirects, undoes gzip, and gives a 204 no body, as fetch does', async function () {
    const s = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(307, { location: '/new' });
        res.end();
      } else if (req.url === '/new') res.end(`moved ${req.method}`);
      else if (req.url === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
        res.end(zlib.gzipSync('ünzipped '.repeat(1000)));
      } else {
        res.writeHead(204);
        res.end();
      }
    });
    try {
      for (const path of ['/old', '/gzip', '/empty']) {
        const mine = await localFetch(`${s.url}${path}`, post('{}'));
        const theirs = await fetch(`${s.url}${path}`, post('{}'));
        assert.equal(mine.status, theirs.status, path);
        assert.equal(await mine.text(), await theirs.text(), path);
      }
    } finally {
      await s.close();
    }
  });

  it('leaves https, a Request and a streamed body to fetch', async function () {
    const s = await serve((_req, res, body) => res.end(body));
    try {
      const stream = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode('streamed'));
          c.close();
        },
      });
      const res = await localFetch(`${s.url}/echo`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
      assert.equal(await res.text(), 'streamed');
      await localFetch(new Request(`${s.url}/echo`, { method: 'POST', body: 'r' }));
      assert.deepEqual(s.seen.map((h) => h['sec-fetch-mode']), ['cors', 'cors'], 'both went through fetch');
      // https: fetch's TLS attempt against a plain server, an error of fetch's own shape.
      const err = await rejection(localFetch(s.url.replace('http:', 'https:'), post('{}')));
      assert.equal((err as Error).message, 'fetch failed');
    } finally {
      await s.close();
    }
  });
});
