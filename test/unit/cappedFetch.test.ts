// cappedFetch passes a plain body whose Content-Length is within the cap as it is (fetch reads no
// more than that), and reads every other body through the cap.
import { strict as assert } from 'node:assert';
import { cappedFetch, type FetchLike } from '../../src/core/model/cappedFetch';

const answer = (body: string, headers: Record<string, string>, status = 200): FetchLike => async () => new Response(body, { status, headers });
const tooLarge = () => new Error('too large');

describe('cappedFetch', function () {
  it('passes a plain body with a Content-Length within the cap as it is', async function () {
    const res = new Response('hello', { headers: { 'content-length': '5' } });
    const out = await cappedFetch(async () => res, 10, tooLarge)('http://127.0.0.1/x');
    assert.equal(out, res);
    assert.equal(await out.text(), 'hello');
  });

  it('still caps a body that is longer, compressed, chunked or of unknown length', async function () {
    const big = 'x'.repeat(100);
    const cases: Record<string, string>[] = [{ 'content-length': '100' }, { 'content-length': '5', 'content-encoding': 'gzip' }, { 'content-length': '5', 'transfer-encoding': 'chunked' }, { 'content-length': 'abc' }, {}];
    for (const headers of cases) {
      const out = await cappedFetch(answer(big, headers), 10, tooLarge)('http://127.0.0.1/x');
      await assert.rejects(out.text(), /too large/, JSON.stringify(headers));
    }
  });

  it('cuts an error page short quietly, and passes a short one as it is', async function () {
    const long = await cappedFetch(answer('e'.repeat(70 * 1024), {}, 500), 1 << 20, tooLarge)('http://127.0.0.1/x');
    assert.equal((await long.text()).length, 64 * 1024);
    const res = new Response('{"error":{"message":"no"}}', { status: 404, headers: { 'content-length': '26' } });
    assert.equal(await cappedFetch(async () => res, 1 << 20, tooLarge)('http://127.0.0.1/x'), res);
  });
});
