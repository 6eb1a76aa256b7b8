// The lesson verifier (`ai-dojo verify <pack>`) on small packs that are wrong in one way each:
// every failure is reported on its lesson's line and fails the run; the rest still verify.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { startScriptedServer } from '../../src/core/model/scriptedServer';
import type { PackReport } from '../../src/core/verify/types';
import { ADD_LESSON, PACK, tempDir, tempPack } from './helpers/tempPack';

const DIST = path.resolve(__dirname, '../../dist');
const GOOD = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
const STARTER = 'export function add(a: number, b: number): number {\n  return 0;\n}\n';

function addLesson(prefix: string, files: { starter?: string; solution?: string; wrong?: Record<string, string> } = {}, manifest: object = {}) {
  return {
    [`${prefix}/lesson.json`]: { ...ADD_LESSON, id: prefix, ...manifest },
    [`${prefix}/README.md`]: '# Add',
    [`${prefix}/starter/add.ts`]: files.starter ?? STARTER,
    [`${prefix}/solution/add.ts`]: files.solution ?? GOOD,
    ...Object.fromEntries(Object.entries(files.wrong ?? { 'minus': GOOD.replace('a + b', 'a - b') }).map(([n, src]) => [`${prefix}/wrong/${n}/add.ts`, src])),
  };
}

function pack(lessons: string[], files: Record<string, string | object>): string {
  return tempPack({ 'pack.json': { ...PACK, tracks: [{ id: 't', title: 'T', lessons }] }, ...files });
}

async function verify(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; report: PackReport }> {
  const lines: string[] = [];
  const json = path.join(tempDir('ai-dojo-report-'), 'report.json');
  const code = await main(['verify', ...args, '--json', json], { out: (l) => lines.push(l), err: (l) => lines.push(l), env, distDir: DIST });
  return { code, out: lines.join('\n'), report: JSON.parse(readFileSync(json, 'utf8')) as PackReport };
}

describe('lesson verifier (ai-dojo verify)', function () {
  this.timeout(60_000);
  before(function () {
    assert.ok(existsSync(path.join(DIST, 'sandbox.js')), 'dist/sandbox.js is missing: run `npm run build` first.');
  });

  it('passes a good lesson: one line with its checks, the starter and the wrong solutions caught', async function () {
    const { code, out, report } = await verify([pack(['t/add'], addLesson('t/add'))]);
    assert.equal(code, 0, out);
    assert.match(out, /✔ t\/add\s+2 checks · starter fails 2\/2 · 1\/1 wrong caught/);
    assert.match(out, /^OK: 1\/1 lessons verified/m);
    assert.deepEqual(report.lessons[0].wrong, [{ name: 'minus', caught: true, failed: 2, failedChecks: ['adds small numbers', 'adds negatives'] }]);
  });

  it('fails a starter that passes, a wrong solution that passes, and a reference that fails, each on its own line', async function () {
    const root = pack(['t/a', 't/b', 't/c'], {
      ...addLesson('t/a', { starter: GOOD }),
      ...addLesson('t/b', { wrong: { 'same-as-reference': GOOD, 'minus': GOOD.replace('a + b', 'a - b') } }),
      ...addLesson('t/c', { solution: GOOD.replace('a + b', 'a * b') }),
    });
    const { code, out, report } = await verify([root]);
    assert.equal(code, 1);
    assert.deepEqual(report.lessons.map((l) => l.ok), [false, false, false]);
    assert.match(out, /✘ t\/a[^\n]*\n\s+✘ The starter passes every check/);
    assert.match(out, /✘ t\/b[^\n]*\n\s+✘ The wrong solution "same-as-reference" passes every check/);
    assert.match(out, /✘ t\/c[^\n]*\n\s+✘ The reference solution does not pass: adds small numbers/);
    assert.match(out, /^FAILED: 0\/3 lessons verified/m);
  });

  it('reports a broken manifest with its field and a missing file, and still verifies the others', async function () {
    const root = pack(['t/broken', 't/missing', 't/add'], {
      ...addLesson('t/broken', {}, { minutes: 'ten' }),
      ...addLesson('t/missing', {}, { files: ['add.ts', 'extra.ts'] }),
      ...addLesson('t/add'),
    });
    const { code, out, report } = await verify([root]);
    assert.equal(code, 1);
    assert.match(out, /✘ t\/broken[^\n]*\n\s+✘ t\/broken\/lesson\.json minutes \(line \d+\): Invalid input/);
    assert.match(out, /✘ t\/missing[^\n]*\n\s+✘ t\/missing\/lesson\.json files\[1\] \(line \d+\): starter\/extra\.ts does not exist/);
    assert.equal(report.lessons.find((l) => l.id === 't/add')?.ok, true);
  });

  it('flags a check that passes on some runs of the reference and not others as flaky', async function () {
    // The reference flips between right and wrong on each run: a counter on a loopback server,
    // asked by both checks of a run (learner code may not write outside its lesson folder).
    let count = 0;
    const counter = http.createServer((_req, res) => res.end(String(count++)));
    await new Promise<void>((r) => counter.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(counter.address() as AddressInfo).port}/`;
    const flaky = `export async function add(a: number, b: number) { const n = Number(await (await fetch(${JSON.stringify(url)})).text()); return Math.floor(n / 2) % 2 === 0 ? a + b : 0; }\n`;
    const { code, out, report } = await verify([pack(['t/add'], addLesson('t/add', { solution: flaky })), '--runs', '4']).finally(() => counter.close());
    assert.equal(code, 1);
    const rates = report.lessons[0].passRates;
    assert.deepEqual(rates.map((r) => [r.passRate, r.flaky]), [[0.5, true], [0.5, true]]);
    assert.match(out, /Flaky check \(passed 50% of 4 runs\): adds small numbers/);
  });

  it('runs prompt references on a live model from the environment and reports pass rates', async function () {
    // The "live" model: answers yes twice, then no (a model that is right most of the time).
    let n = 0;
    const server = await startScriptedServer({ acceptAnyModel: true, reply: () => ({ text: n++ % 3 === 2 ? 'no' : 'yes' }) });
    try {
      const lesson = {
        id: 't/yes', title: 'Yes', kind: 'prompt', summary: 'Say yes.', minutes: 5, files: ['p.prompty'], hints: ['a', 'b'],
        staticChecks: [{ name: 'asks for yes', type: 'contains', value: 'yes' }],
        checks: [{ name: 'says yes', type: 'equals', value: 'yes' }],
        cases: [{ name: 'one', vars: { q: 'Q1' } }],
      };
      const root = pack(['t/yes'], {
        't/yes/lesson.json': lesson,
        't/yes/README.md': '# Yes',
        't/yes/starter/p.prompty': 'user:\n{{q}}\n',
        't/yes/solution/p.prompty': 'user:\n{{q}} Answer yes.\n',
        't/yes/verify/replies.json': { reference: { one: 'yes' }, wrong: { one: 'no' } },
        't/yes/wrong/no-yes/p.prompty': 'user:\n{{q}} Answer.\n',
      });
      const { code, out, report } = await verify([root, '--runs', '3'], { AI_DOJO_VERIFY_BASE_URL: server.baseUrl, AI_DOJO_VERIFY_MODEL: 'live-model' });
      assert.equal(code, 1, out);
      assert.match(out, /live model live-model/);
      const live = report.lessons[0].passRates.filter((r) => r.live);
      const says = live.find((r) => r.check === 'one › says yes');
      assert.ok(says, JSON.stringify(live));
      assert.equal(says.runs, 3);
      assert.ok(Math.abs(says.passRate - 2 / 3) < 1e-9);
      assert.match(out, /Flaky check \(passed 67% of 3 runs on the live model\): one › says yes/);
      assert.equal(server.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 3, 'only the reference runs live');
    } finally {
      await server.close();
    }
  });

  it('explains its usage and rejects a half-configured live model', async function () {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), distDir: DIST };
    assert.equal(await main(['verify'], { ...io, env: {} }), 2);
    assert.match(lines.join('\n'), /Name the pack folder/);
    assert.equal(await main(['verify', os.tmpdir()], { ...io, env: { AI_DOJO_VERIFY_MODEL: 'x' } }), 2);
    assert.match(lines.join('\n'), /Set both AI_DOJO_VERIFY_BASE_URL and AI_DOJO_VERIFY_MODEL/);
  });
});
