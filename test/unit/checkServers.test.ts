// Code lessons whose checks ship a scripted model server: the learner's own HTTP code talks to
// it over loopback, and the checks grade what it sent. Also: zod is importable from learner code.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import { runCodeChecks } from '../../src/core/runner/codeRunner';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
import { PACK, tempPack } from './helpers/tempPack';

const SANDBOX = path.resolve(__dirname, '../../dist/sandbox.js');

/** A learner function that classifies, then answers with the label: two chained calls. */
const CHAIN = `
async function complete(baseUrl: string, messages: unknown[]) {
  const res = await fetch(baseUrl + '/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test' },
    body: JSON.stringify({ model: 'any', messages }),
  });
  if (!res.ok) throw new Error('HTTP ' + res.status);
  const body = await res.json();
  return body.choices[0].message;
}
export async function answer(question: string, opts: { baseUrl: string }) {
  const label = (await complete(opts.baseUrl, [{ role: 'user', content: 'Classify: ' + question }])).content;
  return (await complete(opts.baseUrl, [{ role: 'user', content: 'Answer as ' + label + ': ' + question }])).content;
}
export async function tool(opts: { baseUrl: string }) {
  return (await complete(opts.baseUrl, [{ role: 'user', content: 'weather?' }])).tool_calls;
}
`;

const TWO_CALLS = `
if (requests.length !== 2) return { pass: false, reason: requests.length + ' model calls' };
const second = JSON.stringify(requests[1].body.messages);
return { pass: second.includes('billing'), reason: 'second call: ' + second };`;

function lessonPack(files: Record<string, string | object>): string {
  return tempPack({
    'pack.json': { ...PACK, tracks: [{ id: 't', title: 'T', lessons: ['t/chain'] }] },
    't/chain/README.md': '# Chain',
    ...files,
  });
}

const LESSON = {
  id: 't/chain',
  title: 'Chain',
  kind: 'code',
  summary: 'Two calls.',
  minutes: 5,
  files: ['chain.ts'],
  call: 'answer',
  hints: ['a', 'b'],
  checks: [
    {
      name: 'two chained calls',
      args: ['I was charged twice', { baseUrl: { $server: 'baseUrl' } }],
      server: [{ text: 'billing' }, { text: 'Refunds take 5 days.' }],
      type: 'javascript',
      value: TWO_CALLS,
    },
    {
      name: 'the answer is the second reply',
      args: ['I was charged twice', { baseUrl: { $server: 'baseUrl' } }],
      server: [{ text: 'billing' }, { text: 'Refunds take 5 days.' }],
      type: 'equals',
      value: 'Refunds take 5 days.',
    },
    {
      name: 'a 500 surfaces as an error',
      args: ['x', { baseUrl: { $server: 'baseUrl' } }],
      server: [{ status: 500 }],
      type: 'throws',
      value: 'HTTP 500',
    },
    {
      name: 'tool calls',
      call: 'tool',
      args: [{ baseUrl: { $server: 'baseUrl' } }],
      server: [{ toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] }],
      type: 'javascript',
      value: "output.length === 1 && output[0].function.name === 'get_weather' && JSON.parse(output[0].function.arguments).city === 'Oslo'",
    },
  ],
};

describe('checks with a scripted model server', function () {
  this.timeout(20_000);
  const pool = new SandboxPool(SANDBOX);
  after(() => pool.dispose());
  before(function () {
    if (!existsSync(SANDBOX)) throw new Error('dist/sandbox.js is missing: run `npm run build` first.');
  });

  async function run(source: string, lesson: object = LESSON) {
    const root = lessonPack({ 't/chain/lesson.json': lesson, 't/chain/starter/chain.ts': source, 't/chain/solution/chain.ts': source });
    const catalog = await Catalog.load([root], nodeFiles);
    assert.deepEqual(catalog.problems, []);
    const l = catalog.lessons[0];
    return runCodeChecks({ lesson: l, learnerDir: path.join(l.dir, 'solution'), pool, files: nodeFiles, timeoutMs: 10_000, memoryMb: 128 });
  }

  it("gives each check its own server, in its args, and its requests to the check", async function () {
    const r = await run(CHAIN);
    assert.equal(r.outcome, 'passed', JSON.stringify(r.checks.map((c) => c.reason)));
  });

  it('fails a learner who makes one call too many, naming the count', async function () {
    const extra = CHAIN.replace('export async function answer(question: string, opts: { baseUrl: string }) {', "export async function answer(question: string, opts: { baseUrl: string }) {\n  await complete(opts.baseUrl, [{ role: 'user', content: 'warm-up' }]);");
    const r = await run(extra);
    assert.equal(r.checks[0].status, 'failed');
    assert.match(r.checks[0].reason, /3 model calls/);
  });

  it('rejects a server reply that is not valid, with the field', async function () {
    const bad = { ...LESSON, checks: [{ ...LESSON.checks[0], server: [{ txt: 'typo' }] }] };
    const root = lessonPack({ 't/chain/lesson.json': bad, 't/chain/starter/chain.ts': CHAIN, 't/chain/solution/chain.ts': CHAIN });
    const catalog = await Catalog.load([root], nodeFiles);
    assert.equal(catalog.problems.length, 1);
    assert.match(JSON.stringify(catalog.problems[0]), /checks\.0\.server\.0|txt/);
  });

  it('lets learner code import zod, which ships with the extension', async function () {
    const source = "import { z } from 'zod';\nexport function parse(x: unknown) { const r = z.object({ n: z.number() }).safeParse(x); return r.success ? r.data.n : r.error.issues[0].path.join('.'); }";
    const lesson = { ...LESSON, call: 'parse', checks: [
      { name: 'valid', args: [{ n: 2 }], type: 'equals', value: 2 },
      { name: 'invalid', args: [{ n: 'x' }], type: 'equals', value: 'n' },
    ] };
    const r = await run(source, lesson);
    assert.equal(r.outcome, 'passed', JSON.stringify(r));
  });
});
