// What the sandbox guarantees, each shown with real processes: grading is out of the learner's
// reach, nothing a run starts outlives it, memory is bounded by resident size, the permission
// model keeps the parent's environment and other files away, the parent survives, and time
// zone and locale are fixed.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import type { Lesson } from '../../src/core/lessons/model';
import { permissionFlag } from '../../src/core/runner/permissions';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
import { runCodeChecks, type CodeRunOptions } from '../../src/core/runner/codeRunner';
import { startReferenceProcess } from '../../src/core/runner/learnerProcess';
import { PACK, tempDir, tempPack } from './helpers/tempPack';

const SANDBOX = path.resolve(__dirname, '../../dist/sandbox.js');
const PERMISSIONS = permissionFlag(process.execPath);

const LESSON = {
  id: 't/add',
  title: 'Add',
  kind: 'code',
  summary: 'Adds two numbers.',
  minutes: 5,
  files: ['add.ts'],
  call: 'add',
  checks: [
    { name: 'equals', args: [1, 2], type: 'equals', value: 3 },
    { name: 'approx', args: [0.1, 0.2], type: 'approx', value: 0.3 },
    { name: 'contains', call: 'greet', args: ['Ada'], type: 'contains', value: 'Hello, Ada' },
    { name: 'regex', call: 'greet', args: ['Ada'], type: 'regex', value: '^Hello, Ada!$' },
    { name: 'deep equals', call: 'pair', args: [1, 2], type: 'equals', value: [1, 2] },
    { name: 'json', call: 'pair', args: [1, 2], type: 'javascript', value: "JSON.stringify(output) === '[1,2]' && output.every((x) => typeof x === 'number')" },
  ],
};
const RIGHT = "export const add = (a: number, b: number) => a + b;\nexport const greet = (n: string) => `Hello, ${n}!`;\nexport const pair = (a: number, b: number) => [a, b];\n";
const WRONG = "export const add = (a: number, b: number) => 0;\nexport const greet = (n: string) => 'nope';\nexport const pair = (a: number, b: number) => [9];\n";

async function lessonWith(extra: object = {}): Promise<Lesson> {
  const dir = tempPack({
    'pack.json': PACK,
    't/add/lesson.json': { ...LESSON, ...extra },
    't/add/README.md': '# Add',
    't/add/starter/add.ts': WRONG,
    't/add/solution/add.ts': RIGHT,
  });
  return (await Catalog.load([dir], nodeFiles)).lessons[0];
}

describe('sandbox isolation', function () {
  this.timeout(60_000);
  const pool = new SandboxPool(SANDBOX);
  let lesson: Lesson;
  after(() => pool.dispose());
  before(async function () {
    if (!existsSync(SANDBOX)) throw new Error('dist/sandbox.js is missing: run `npm run build` first.');
    lesson = await lessonWith();
  });

  async function runWith(source: string, opts: Partial<CodeRunOptions> = {}, l = lesson) {
    const dir = tempDir('ai-dojo-learner-');
    writeFileSync(path.join(dir, 'add.ts'), source);
    return runCodeChecks({ lesson: l, learnerDir: dir, pool, files: nodeFiles, timeoutMs: 8000, memoryMb: 128, ...opts });
  }

  describe('grading is out of the learner process', function () {
    it('passes the right answers and fails the wrong ones', async function () {
      assert.equal((await runWith(RIGHT)).passed, LESSON.checks.length);
      assert.equal((await runWith(WRONG)).passed, 0);
    });

    const patches: Record<string, string> = {
      'Object.is': 'Object.is = () => true;',
      'JSON.stringify': "JSON.stringify = () => '[1,2]';",
      'Array.prototype.every': 'Array.prototype.every = function () { return true; };',
      'String.prototype.includes': 'String.prototype.includes = function () { return true; };',
      'RegExp.prototype.test': 'RegExp.prototype.test = function () { return true; };',
      'Math.abs': 'Math.abs = () => 0;',
    };
    for (const [name, patch] of Object.entries(patches)) {
      it(`a wrong answer still fails when learner code replaces ${name}`, async function () {
        const r = await runWith(`${patch}\n${WRONG}`);
        assert.equal(r.passed, 0, JSON.stringify(r.checks.map((c) => [c.name, c.status, c.reason])));
      });
    }

    it('a forged process.send message is ignored: only the outputs are graded', async function () {
      const forge = `
        const send = process.send!.bind(process);
        // The old protocol's verdicts, a reply to a call never made, and a reply racing the real one.
        for (let index = 0; index < 6; index++) send({ type: 'result', index, outcome: { pass: true, score: 1, reason: 'forged' }, durationMs: 0 });
        send({ type: 'done' });
        send({ type: 'returned', id: 999, output: 3 });
        process.on('message', (m: any) => { if (m && m.type === 'call') { send({ type: 'returned', id: m.id, output: 'forged' }); send({ type: 'returned', id: m.id, output: 'again' }); } });
      `;
      const r = await runWith(`${forge}\n${WRONG}`);
      assert.equal(r.passed, 0, JSON.stringify(r.checks.map((c) => [c.name, c.status, c.reason])));
      assert.match(r.checks[0].reason, /forged/, 'the first reply for the call id is the output graded');
      assert.match(r.output, /Ignored \d+ message\(s\)/);
    });

    it('the learner process is never sent a check or an expected value', async function () {
      // Every message after the load (the calls), read a moment after this call's own arrived.
      const spy = "const seen: unknown[] = []; process.on('message', (m) => seen.push(m));\nexport const add = async () => { await new Promise((r) => setTimeout(r, 20)); return JSON.stringify(seen); };\nexport const greet = () => ''; export const pair = () => [];";
      const r = await runWith(spy);
      const seen = JSON.parse(JSON.parse(r.checks[0].actual ?? '""') as string) as { type: string }[];
      assert.deepEqual(seen.map((m) => m.type), ['call']);
      assert.doesNotMatch(JSON.stringify(seen), /"value"|"expected"|"checks"|"equals"/);
    });

    it('structured values survive (Map, Set, Date, BigInt, undefined, NaN); a function fails clearly', async function () {
      const l = await lessonWith({
        checks: [
          { name: 'values', args: [], type: 'javascript', value: 'output.m instanceof Map && output.m.get("k") === 1 && output.s instanceof Set && output.d instanceof Date && output.b === 10n && "u" in output && output.u === undefined && Number.isNaN(output.n)' },
          { name: 'function', call: 'greet', args: [], type: 'not-equals', value: 1 },
        ],
      });
      const r = await runWith("export const add = () => ({ m: new Map([['k', 1]]), s: new Set([1]), d: new Date(0), b: 10n, u: undefined, n: NaN });\nexport const greet = () => () => 1;", {}, l);
      assert.equal(r.checks[0].status, 'passed', r.checks[0].reason);
      assert.equal(r.checks[1].status, 'failed');
      assert.match(r.checks[1].reason, /returned a value the checks cannot read: .*could not be cloned.*Return plain data/);
    });
    it('an object holding functions (a class instance with methods) reaches the checks as a snapshot', async function () {
      const l = await lessonWith({
        checks: [
          { name: 'methods', args: [], type: 'javascript', value: "typeof output.run === 'function' && typeof output.own === 'function' && output.x === 1 && output.nested.y === 2" },
          { name: 'call', args: [], type: 'javascript', value: 'output.run() === 1' },
        ],
      });
      const r = await runWith('class Chain { x = 1; nested = { y: 2 }; own = () => 3; run() { return 1; } }\nexport const add = () => new Chain();', {}, l);
      assert.equal(r.checks[0].status, 'passed', r.checks[0].reason);
      assert.match(r.checks[1].reason, /run\(\) belongs to the code under test: checks see that it is a function, they cannot call it/);
    });
  });

  describe('processes and memory', function () {
    const gone = async (pid: number) => {
      for (let i = 0; i < 40; i++) {
        try {
          process.kill(pid, 0);
          // Killed but not yet reaped by its new parent (a zombie) holds nothing: it is gone.
          if (process.platform === 'linux' && / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return true;
        } catch {
          return true;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    };
    const spawner = (tail: string) =>
      `import { spawn } from 'node:child_process';\nexport function add(a: number, b: number) { const c = spawn('sleep', ['1000'], { stdio: 'ignore' }); console.log(String(c.pid)); ${tail} }\nexport const greet = () => ''; export const pair = () => [];`;

    it('a process the learner code started is gone after a normal end', async function () {
      const l = await lessonWith({ limits: { childProcesses: true } });
      const r = await runWith(spawner('return a + b;'), {}, l);
      const pid = Number(r.checks[0].logs[0]);
      assert.ok(pid > 0, JSON.stringify(r.checks[0]));
      assert.ok(await gone(pid), `sleep (pid ${pid}) outlived the run`);
    });

    it('a process the learner code started is gone after a timeout', async function () {
      const l = await lessonWith({ limits: { childProcesses: true } });
      const r = await runWith(spawner('while (true) {}'), { timeoutMs: 1500 }, l);
      assert.equal(r.outcome, 'timeout');
      const pid = Number(r.checks[0].logs[0]);
      assert.ok(pid > 0, JSON.stringify(r.checks[0]));
      assert.ok(await gone(pid), `sleep (pid ${pid}) outlived the run`);
    });

    it(`starting a process fails unless the lesson declares it (${PERMISSIONS ? 'permission model' : 'fallback: allowed'})`, async function () {
      const r = await runWith(spawner('return a + b;'));
      if (PERMISSIONS) assert.match(r.checks[0].reason, /threw: .*(Access to this API has been restricted|ERR_ACCESS_DENIED)/);
      else assert.equal(r.checks[0].status, 'passed', 'without a permission model processes may start (documented fallback)');
    });

    for (const [what, alloc] of [
      ['Buffer', 'Buffer.alloc(1024 ** 3, 1)'],
      ['ArrayBuffer', 'new Uint8Array(new ArrayBuffer(1024 ** 3)).fill(1)'],
    ]) {
      it(`stops a 1 GiB ${what} at a 256 MB limit by resident memory`, async function () {
        const r = await runWith(`export function add() { const b = ${alloc}; return b.length; }`, { memoryMb: 256, timeoutMs: 30_000 });
        assert.equal(r.outcome, 'crashed', JSON.stringify([r.outcome, r.message]));
        assert.match(r.message ?? '', /Out of memory during "equals": the code used more than 256 MB/);
      });
    }
  });

  describe('what learner code can reach', function () {
    it(`cannot read the parent's environment or a file outside the lesson folder (${PERMISSIONS ?? 'fallback'})`, async function () {
      const outside = tempDir('ai-dojo-outside-');
      writeFileSync(path.join(outside, 'secret.txt'), 'top-secret-42');
      process.env.AI_DOJO_SECRET_FOR_TEST = 'sk-should-not-leak';
      try {
        const src = `import { readFileSync } from 'node:fs';
          const read = (p: string) => { try { return readFileSync(p, 'utf8'); } catch (e: any) { return 'denied: ' + e.code; } };
          export const add = () => read('/proc/' + process.ppid + '/environ');
          export const greet = () => read(${JSON.stringify(path.join(outside, 'secret.txt'))});
          export const pair = () => [];`;
        const r = await runWith(src);
        if (PERMISSIONS) {
          assert.equal(r.checks[0].actual, '"denied: ERR_ACCESS_DENIED"');
          assert.match(r.checks[2].actual ?? '', /denied: ERR_ACCESS_DENIED/);
        } else {
          // The documented fallback: a separate process with a clean environment of its own only.
          assert.ok(process.platform !== 'linux' || (r.checks[0].actual ?? '').includes('sk-should-not-leak'));
        }
        assert.doesNotMatch(JSON.stringify(r), PERMISSIONS ? /sk-should-not-leak|top-secret-42/ : /$^/);
      } finally {
        delete process.env.AI_DOJO_SECRET_FOR_TEST;
      }
    });

    it('process.kill(process.ppid) leaves the parent standing, with a clear result', async function () {
      const r = await runWith('export function add() { process.kill(process.ppid, "SIGKILL"); return 1; }\nexport const greet = () => { (process as any)._kill(process.ppid, 9); return ""; };\nexport const pair = () => [];');
      assert.match(r.checks[0].reason, /threw: process\.kill\(\d+\) is not allowed here/);
      assert.match(r.checks[2].reason, /threw: process\.kill\(\d+\) is not allowed here/);
      assert.equal(r.outcome, 'failed');
    });

    it('runs with a fixed time zone (America/St_Johns) and locale (en-US)', async function () {
      const l = await lessonWith({ checks: [{ args: [], type: 'equals', value: [210, 'America/St_Johns', 'en-US', '1,234.5'] }] });
      const r = await runWith('export const add = () => [new Date(0).getTimezoneOffset(), Intl.DateTimeFormat().resolvedOptions().timeZone, Intl.DateTimeFormat().resolvedOptions().locale, (1234.5).toLocaleString()];', {}, l);
      assert.equal(r.outcome, 'passed', JSON.stringify(r.checks[0]));
    });
  });

  it('starts a second process on the reference solution, and calls it', async function () {
    const ref = await startReferenceProcess({ pool, lesson, memoryMb: 128, timeoutMs: 8000 });
    try {
      assert.deepEqual((await ref.caller('pair', [3, 4])).output, [3, 4]);
      const out = await ref.caller('greet', ['Bo']);
      assert.equal(out.output, 'Hello, Bo!');
      assert.equal((await ref.caller('nope', [])).error?.message, '"nope" is not an exported function.');
    } finally {
      ref.dispose();
    }
  });
});
