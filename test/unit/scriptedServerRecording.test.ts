// What the scripted server records per request (timing, concurrency, client hang-ups) and how
// it cuts SSE events into writes, seen from a real client over loopback HTTP.
import { strict as assert } from 'node:assert';
import { cutEvent, REQUESTS_ROUTE, startScriptedServer, type RecordedRequest, type ScriptedServer } from '../../src/core/model/scriptedServer';

const BODY = { model: 'scripted-chat', messages: [{ role: 'user', content: 'x' }] };

function chat(server: ScriptedServer, body: Record<string, unknown> = BODY, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server.baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
}

async function listed(server: ScriptedServer): Promise<RecordedRequest[]> {
  return (await (await fetch(server.url + REQUESTS_ROUTE)).json()) as RecordedRequest[];
}

/** Every read of the body, as raw bytes. */
async function reads(res: Response): Promise<Buffer[]> {
  const out: Buffer[] = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(Buffer.from(value));
  }
}

describe('scripted server: recording and split writes', function () {
  this.timeout(10_000);
  const servers: ScriptedServer[] = [];
  async function start(reply: Parameters<typeof startScriptedServer>[0] = {}): Promise<ScriptedServer> {
    const s = await startScriptedServer(reply);
    servers.push(s);
    return s;
  }
  afterEach(async function () {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('records arrival and end, status and the events written of a finished stream', async function () {
    const server = await start({ reply: { text: 'one two three', chunkDelayMs: 5 } });
    await (await chat(server, { ...BODY, stream: true })).text();
    const [r] = await listed(server);
    assert.equal(r.status, 200);
    assert.equal(r.clientClosed, false);
    assert.equal(r.inFlightAtArrival, 1);
    assert.ok(r.endedAt !== null && r.endedAt >= r.arrivedAt + 15, `ended ${r.endedAt} after arrival ${r.arrivedAt} (3 words, 5 ms apart)`);
    // role, 3 words, finish, [DONE]
    assert.equal(r.chunksPlanned, 6);
    assert.equal(r.chunksWritten, 6);
  });

  it('records a client that hangs up mid-stream, and after how many events', async function () {
    const server = await start({ reply: { text: 'a b c d e f g h i j k l m n o p', chunkDelayMs: 20 } });
    const controller = new AbortController();
    const res = await chat(server, { ...BODY, stream: true }, controller.signal);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    const [r] = await listed(server);
    assert.equal(r.clientClosed, true);
    assert.ok(r.endedAt !== null);
    assert.ok(r.chunksWritten >= 1 && r.chunksWritten < r.chunksPlanned, `wrote ${r.chunksWritten} of ${r.chunksPlanned}`);
  });

  it('a client that stops reading without aborting is not a hang-up', async function () {
    const server = await start({ reply: { text: 'a b c d e', chunkDelayMs: 10 } });
    const res = await chat(server, { ...BODY, stream: true });
    await (res.body as ReadableStream<Uint8Array>).getReader().read();
    const [r] = await listed(server);
    assert.equal(r.clientClosed, false);
    assert.equal(r.chunksWritten, r.chunksPlanned);
  });

  it('a truncated stream is the server hanging up, not the client', async function () {
    const server = await start({ reply: { text: 'a b c d', malformed: 'truncate' } });
    await chat(server, { ...BODY, stream: true }).then((res) => res.text()).catch(() => '');
    const [r] = await listed(server);
    assert.equal(r.clientClosed, false);
    assert.ok(r.endedAt !== null);
  });

  it('a client that gives up during the latency is recorded with no status', async function () {
    const server = await start({ reply: { latencyMs: 2_000 } });
    await chat(server, BODY, AbortSignal.timeout(50)).catch(() => undefined);
    const [r] = await listed(server);
    assert.equal(r.clientClosed, true);
    assert.equal(r.status, null);
    assert.ok(r.endedAt !== null && r.endedAt - r.arrivedAt < 1_000);
  });

  it('counts requests in flight: parallel calls overlap, sequential ones do not', async function () {
    const server = await start({ reply: { latencyMs: 40 } });
    await Promise.all([chat(server), chat(server), chat(server)].map((p) => p.then((r) => r.text())));
    await (await chat(server)).text();
    const rs = await listed(server);
    assert.deepEqual(rs.slice(0, 3).map((r) => r.inFlightAtArrival).sort(), [1, 2, 3]);
    assert.equal(rs[3].inFlightAtArrival, 1);
    assert.ok(rs[3].arrivedAt >= Math.max(...rs.slice(0, 3).map((r) => r.endedAt ?? Infinity)));
  });

  it('records per-reply status codes and the gap between retries', async function () {
    const server = await start({ reply: [{ status: 429 }, { status: 503, latencyMs: 5 }, {}] });
    for (let i = 0; i < 3; i++) {
      await (await chat(server)).text();
      await new Promise((r) => setTimeout(r, 30));
    }
    const rs = await listed(server);
    assert.deepEqual(rs.map((r) => r.status), [429, 503, 200]);
    assert.ok(rs[1].arrivedAt - rs[0].arrivedAt >= 25);
  });

  it('does not wait for requests scripted to hang', async function () {
    const server = await start({ reply: { hang: true } });
    void chat(server).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 30));
    const started = Date.now();
    const [r] = await listed(server);
    assert.equal(r.endedAt, null);
    assert.ok(Date.now() - started < 300);
  });

  it("split: 'bytes' cuts events inside data:, through a multi-byte character and between the newlines", async function () {
    const server = await start({ reply: { text: 'café 👋 ok', split: 'bytes', splitDelayMs: 15 } });
    const parts = await reads(await chat(server, { ...BODY, stream: true }));
    const joined = Buffer.concat(parts).toString('utf8');
    assert.ok(joined.includes('"content":"café"') && joined.endsWith('data: [DONE]\n\n'), joined);
    assert.ok(parts.some((p) => p.toString('latin1') === 'dat'), 'a read that ends inside "data:"');
    assert.ok(parts.some((p) => p.toString('latin1') === '\n'), 'a read between the two newlines');
    // A read that ends in the middle of a UTF-8 sequence: decoding it alone gives U+FFFD.
    assert.ok(parts.some((p) => p.toString('utf8').includes('\ufffd')), 'a multi-byte character split across reads');
    const [r] = await listed(server);
    assert.equal(r.chunksWritten, r.chunksPlanned);
  });

  it('split: n writes at most n bytes; dataNoSpace and crlf change the framing', async function () {
    const server = await start({ reply: { text: 'hi', split: 7, splitDelayMs: 5, dataNoSpace: true, crlf: true } });
    const parts = await reads(await chat(server, { ...BODY, stream: true }));
    const joined = Buffer.concat(parts).toString('utf8');
    assert.ok(joined.startsWith('data:{'), joined.slice(0, 20));
    assert.ok(joined.endsWith('data:[DONE]\r\n\r\n'));
    assert.ok(parts.length > 10, `${parts.length} reads`);
  });

  it('cutEvent keeps every byte, in order', function () {
    const bytes = Buffer.from('data: {"x":"é€😀"}\n\n', 'utf8');
    for (const split of ['bytes', 1, 2, 5, 100] as const) {
      assert.deepEqual(Buffer.concat(cutEvent(bytes, split)), bytes, String(split));
    }
    assert.equal(cutEvent(bytes, undefined).length, 1);
    assert.equal(cutEvent(bytes, 1).length, bytes.length);
  });
});
