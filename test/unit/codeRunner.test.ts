import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import type { Lesson } from '../../src/core/lessons/model';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
import { runCodeChecks, type CodeRunOptions } from '../../src/core/runner/codeRunner';
import { ensureLearnerFiles } from '../../src/core/workspace/learnerFiles';
import { addPack, tempDir } from './helpers/tempPack';

const SANDBOX = path.resolve(__dirname, '../../dist/sandbox.js');

describe('runCodeChecks: learner code in a separate process', function () {
  let lesson: Lesson;
  const pool = new SandboxPool(SANDBOX);
  after(() => pool.dispose());

  before(async function () {
    if (!existsSync(SANDBOX)) throw new Error('dist/sandbox.js is missing: run `npm run build` first.');
    const catalog = await Catalog.load([addPack()], nodeFiles);
    lesson = catalog.lessons[0];
  });

  async function runWith(source: string, opts: Partial<CodeRunOptions> = {}) {
    const dir = tempDir('ai-dojo-learner-');
    await ensureLearnerFiles(lesson, dir);
    writeFileSync(path.join(dir, 'add.ts'), source);
    return runCodeChecks({ lesson, learnerDir: dir, pool, files: nodeFiles, timeoutMs: 4000, memoryMb: 64, ...opts });
  }

  it('fails the starter and passes a correct TypeScript solution', async function () {
    const starter = await runWith('export function add(a: number, b: number): number { return 0; }');
    assert.equal(starter.outcome, 'failed');
    assert.equal(starter.passed, 0);
    assert.match(starter.checks[0].reason, /is 0, expected 3/);
    const good = await runWith('export function add(a: number, b: number): number { return a + b; }');
    assert.equal(good.outcome, 'passed');
    assert.equal(good.passed, 2);
    assert.equal(good.score, 1);
  });

  it('runs async functions, ES module JavaScript and relative imports', async function () {
    const dir = tempDir('ai-dojo-learner-');
    writeFileSync(path.join(dir, 'plus.ts'), 'export const plus = (a: number, b: number) => a + b;');
    writeFileSync(path.join(dir, 'add.ts'), "import { plus } from './plus';\nexport async function add(a: number, b: number) { await new Promise((r) => setTimeout(r, 5)); return plus(a, b); }");
    const r = await runCodeChecks({ lesson, learnerDir: dir, pool, files: nodeFiles, timeoutMs: 4000, memoryMb: 64 });
    assert.equal(r.outcome, 'passed', JSON.stringify(r));
  });

  it('seeds Math.random for each check: a run repeats exactly, and checks get different values', async function () {
    const source = 'export function add(a: number, b: number): number { return Math.random(); }';
    const reasons = async () => (await runWith(source)).checks.map((c) => c.reason);
    const first = await reasons();
    assert.deepEqual(await reasons(), first, 'the same values on the next run');
    assert.notEqual(first[0], first[1], 'each check has its own sequence');
    assert.match(first[0], /is 0\.\d+, expected 3/);
  });

  it('stops an infinite loop at the timeout and names the check it was in', async function () {
    const started = Date.now();
    const r = await runWith('export function add(a: number, b: number) { while (true) {} }', { timeoutMs: 1000 });
    assert.equal(r.outcome, 'timeout');
    assert.match(r.message ?? '', /Stopped after 1 s during "adds small numbers"/);
    assert.equal(r.checks[0].status, 'failed');
    assert.equal(r.checks[1].status, 'not-run');
    // Killed at the limit, not awaited: an endless loop would never end on its own.
    assert.ok(Date.now() - started < 30_000, 'the process is killed, not awaited');
  });

  it('reports a throw as a failed check with the error message, and keeps running the others', async function () {
    const r = await runWith("export function add(a: number, b: number) { if (a < 0) throw new RangeError('negative!'); return a + b; }");
    assert.equal(r.outcome, 'failed');
    assert.equal(r.checks[0].status, 'passed');
    assert.equal(r.checks[1].status, 'failed');
    assert.match(r.checks[1].reason, /threw: negative!/);
  });

  it('turns process.exit into an error instead of ending the run', async function () {
    const r = await runWith('export function add(a: number, b: number) { process.exit(3); }');
    assert.equal(r.outcome, 'failed');
    assert.match(r.checks[0].reason, /process\.exit\(3\) was called/);
    assert.equal(r.checks[1].status, 'failed', 'the second check still ran');
  });

  it('stops a memory bomb at the heap limit with a clear message', async function () {
    const r = await runWith('export function add(a: number, b: number) { const xs: string[] = []; for (;;) xs.push("x".repeat(1000) + xs.length); }', { memoryMb: 48, timeoutMs: 20000 });
    assert.equal(r.outcome, 'crashed', JSON.stringify(r.message));
    assert.match(r.message ?? '', /Out of memory during "adds small numbers": the code used more than 48 MB/);
  });

  it('caps megabytes of console output and still returns results', async function () {
    const r = await runWith('export function add(a: number, b: number) { for (let i = 0; i < 20000; i++) console.log("line " + i + " ".repeat(100)); return a + b; }', { maxOutputChars: 10_000 });
    assert.equal(r.outcome, 'passed');
    const logged = r.checks.flatMap((c) => c.logs).join('\n');
    assert.ok(logged.length < 11_000, `output was capped (${logged.length} chars)`);
    assert.match(logged, /output truncated/);
    assert.match(r.checks[0].logs[0], /^line 0/);
  });

  it('caps output written straight to stdout', async function () {
    const r = await runWith('export function add(a: number, b: number) { for (let i = 0; i < 2000; i++) process.stdout.write("y".repeat(1000)); return a + b; }', { maxOutputChars: 5000 });
    assert.equal(r.outcome, 'passed');
    assert.ok(r.output.length < 6000, `stdout was capped (${r.output.length})`);
  });

  it('reports a syntax error at its file and line in plain words, with no temp path, and runs no checks', async function () {
    const r = await runWith('// adds\n\nexport function add(a: number, b: number) {\n  return a + ;\n}\n');
    assert.equal(r.outcome, 'error');
    assert.deepEqual(r.location, { file: 'add.ts', line: 4, column: 14 });
    assert.match(r.message ?? '', /^add\.ts, line 4: syntax error: unexpected token\. Fix it, then run the checks again\.$/);
    assert.ok(r.checks.every((c) => c.status === 'not-run' && c.reason === 'Not run: fix add.ts, line 4 first.'));
  });

  it('locates an error in a file the entry imports, and a throw while loading', async function () {
    const dir = tempDir('ai-dojo-learner-');
    await ensureLearnerFiles(lesson, dir);
    writeFileSync(path.join(dir, 'plus.ts'), 'export function plus(a: number, b: number) {\n  return a + ;\n}\n');
    writeFileSync(path.join(dir, 'add.ts'), "import { plus } from './plus';\nexport const add = plus;\n");
    const imported = await runCodeChecks({ lesson, learnerDir: dir, pool, files: nodeFiles, timeoutMs: 4000, memoryMb: 64 });
    assert.equal(imported.location?.file, 'plus.ts');
    assert.equal(imported.location?.line, 2);
    const thrown = await runWith('export function add(a: number, b: number) { return a + b; }\n\nconst table = undefinedThing.rows;\n');
    assert.equal(thrown.outcome, 'error');
    assert.deepEqual(thrown.location && [thrown.location.file, thrown.location.line], ['add.ts', 3]);
    assert.match(thrown.message ?? '', /^add\.ts, line 3: the code threw while loading: ReferenceError: undefinedThing is not defined/);
  });

  it('says which functions exist when the expected export is missing', async function () {
    const r = await runWith('export function sum(a: number, b: number) { return a + b; }');
    assert.match(r.checks[0].reason, /does not export a function named "add" \(it exports: sum\)/);
  });

  it('cancels on abort', async function () {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const r = await runWith('export function add() { while (true) {} }', { signal: ac.signal, timeoutMs: 10000 });
    assert.equal(r.outcome, 'cancelled');
  });

  it('gives learner code none of the editor environment', async function () {
    process.env.AI_DOJO_SECRET_FOR_TEST = 'sk-should-not-leak';
    try {
      const r = await runWith('export function add(a: number, b: number) { console.log(JSON.stringify(process.env)); return a + b; }');
      assert.equal(r.outcome, 'passed');
      assert.doesNotMatch(r.checks[0].logs.join(''), /sk-should-not-leak/);
    } finally {
      delete process.env.AI_DOJO_SECRET_FOR_TEST;
    }
  });

  it('runs in the sandbox started ahead of time for the lesson folder, and starts the next one', async function () {
    const dir = tempDir('ai-dojo-learner-');
    await ensureLearnerFiles(lesson, dir);
    writeFileSync(path.join(dir, 'add.ts'), 'export function add(a: number, b: number) { console.log(process.pid); return a + b; }');
    pool.prewarm(64, { learnerDir: dir });
    await new Promise((r) => setTimeout(r, 200));
    const warm = pool.warmPid;
    assert.ok(warm);
    const r = await runCodeChecks({ lesson, learnerDir: dir, pool, files: nodeFiles, timeoutMs: 4000, memoryMb: 64 });
    assert.equal(r.outcome, 'passed');
    assert.equal(r.checks[0].logs[0], String(warm), 'the warm process ran the code');
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(pool.warmPid && pool.warmPid !== warm, 'a fresh process waits for the next run');
  });

  it('grades unsaved editor text given as sources instead of the file on disk', async function () {
    const dir = tempDir('ai-dojo-learner-');
    await ensureLearnerFiles(lesson, dir);
    const file = path.join(dir, 'add.ts');
    const r = await runCodeChecks({ lesson, learnerDir: dir, pool, files: nodeFiles, timeoutMs: 4000, memoryMb: 64, sources: { [file]: 'export const add = (a: number, b: number) => a + b;' } });
    assert.equal(r.outcome, 'passed', 'the starter on disk would fail');
  });

  it("gives learner code the model through `import { ai } from 'ai-dojo'`, answered by the editor", async function () {
    const seen: string[][] = [];
    const ai = {
      embed: async (texts: string[]) => {
        seen.push(texts);
        return texts.map(() => [1, 2, 3]);
      },
      chat: async () => ({ text: 'four' }),
    };
    const src = "import { ai } from 'ai-dojo';\nexport async function add(a: number, b: number) { const [v] = await ai.embed(String(a)); const r = await ai.chat('sum?'); return v.length === 3 && r.text === 'four' ? a + b : -1; }";
    const r = await runWith(src, { ai });
    assert.equal(r.outcome, 'passed', JSON.stringify(r.checks));
    assert.deepEqual(seen, [['1'], ['-1']]);
  });

  it('does not count time spent waiting for the model against the time limit', async function () {
    // Each call waits longer than the whole limit; the limit is wide enough for a busy machine to load and run the code.
    const ai = { embed: (texts: string[]) => new Promise<number[][]>((r) => setTimeout(() => r(texts.map(() => [1])), 3500)), chat: async () => ({ text: '' }) };
    const r = await runWith("import { ai } from 'ai-dojo';\nexport async function add(a: number, b: number) { await ai.embed('x'); return a + b; }", { ai, timeoutMs: 3000 });
    assert.equal(r.outcome, 'passed', r.message);
  });

  it('says what to do when learner code asks for the model and there is none', async function () {
    const r = await runWith("import { ai } from 'ai-dojo';\nexport async function add() { return ai.chat('hi'); }");
    assert.match(r.checks[0].reason, /threw: This run has no model: run AI Dojo: Configure Model/);
  });

  it('never reuses a process: state from one run does not leak into the next', async function () {
    const src = 'let calls = 0; export function add(a: number, b: number) { calls++; console.log(calls); return a + b; }';
    const first = await runWith(src);
    const second = await runWith(src);
    assert.equal(first.checks[0].logs[0], '1');
    assert.equal(second.checks[0].logs[0], '1');
  });
});
