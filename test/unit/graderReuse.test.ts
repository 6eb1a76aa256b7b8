// The grader of a run: requests made while a batch is in flight go together as the next batch,
// each still gets its own outcomes, and a looping batch fails alone. A grader handed back after a
// run (Grader `reuse`, SandboxPool.keepGrader) serves the next run of the same checks only; one
// whose check looped, or whose run was cancelled, is never kept.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Grader, type GradeItem } from '../../src/core/runner/gradeInSandbox';
import { SandboxPool } from '../../src/core/runner/sandboxPool';

const SANDBOX = path.resolve(__dirname, '../../dist/sandbox.js');

const js = (value: string): GradeItem => ({ spec: { type: 'javascript', value } as GradeItem['spec'], input: { output: 'ok', args: [] } });

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number | undefined): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

const item = (type: string, value: string, output: string): GradeItem => ({ spec: { type, value } as GradeItem['spec'], input: { output, args: [] } });

describe('grader batches', function () {
  const pool = new SandboxPool(SANDBOX);
  after(() => pool.dispose());

  /** A grader whose processes count the grade messages they are sent. */
  function counting(timeoutMs = 10_000) {
    const sent: number[] = [];
    const counted: SandboxPool = Object.create(pool, {
      takeGrader: {
        value: (memoryMb: number) => {
          const child = pool.takeGrader(memoryMb);
          const send = child.send.bind(child);
          child.send = ((msg: { items: unknown[] }) => (sent.push(msg.items.length), send(msg))) as typeof child.send;
          return child;
        },
      },
    });
    return { grader: new Grader({ pool: counted, timeoutMs, memoryMb: 64 }), sent };
  }

  it('sends what is asked during a batch as one batch, and gives each request its own outcomes', async function () {
    const { grader, sent } = counting();
    try {
      const asks = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'].map((w, i) =>
        grader.grade([
          item('contains', w, `an ${w} answer`),
          item('javascript', i === 2 ? '(() => { throw new Error("bad check"); })()' : `output.startsWith("an ${w}")`, `an ${w} answer`),
          item('equals', w, i === 4 ? 'other' : w),
        ]),
      );
      const results = await Promise.all(asks);
      // The first request went alone; the four asked while it was graded went as one message.
      assert.deepEqual(sent, [3, 12]);
      assert.deepEqual(
        results.map((r) => r.map((o) => o.pass)),
        [[true, true, true], [true, true, true], [true, false, true], [true, true, true], [true, true, false]],
      );
      assert.equal(results[1][1].reason, 'Holds: output.startsWith("an beta")');
      assert.match(results[2][1].reason, /threw: bad check/);
    } finally {
      grader.dispose();
    }
  });

  it('fails only the batch that loops: the requests waiting behind it go to a new grader', async function () {
    const { grader, sent } = counting(800);
    try {
      const looping = grader.grade([item('javascript', 'true', 'x'), item('javascript', '(() => { for (;;); })()', 'x')]);
      const behind = [1, 2, 3].map((n) => grader.grade([item('javascript', `output === "${n}"`, String(n))]));
      const [loop, ...rest] = await Promise.all([looping, ...behind]);
      assert.deepEqual(
        loop.map((o) => o.reason),
        ["Grading stopped after 0.8 s: a check's expression did not finish.", "Grading stopped after 0.8 s: a check's expression did not finish."],
      );
      assert.deepEqual(rest.map((r) => [r.length, r[0].pass]), [[1, true], [1, true], [1, true]]);
      assert.deepEqual(sent, [2, 3]);
    } finally {
      grader.dispose();
    }
  });

  it('fails what waits when cancelled', async function () {
    const ac = new AbortController();
    const grader = new Grader({ pool, timeoutMs: 10_000, memoryMb: 64, signal: ac.signal });
    const slow = grader.grade([item('javascript', '(() => { const t = Date.now(); while (Date.now() - t < 400); return true; })()', 'x')]);
    const waiting = grader.grade([item('javascript', 'true', 'x')]);
    setTimeout(() => ac.abort(), 50);
    assert.deepEqual((await Promise.all([slow, waiting])).map((r) => r[0].reason), ['Cancelled.', 'Cancelled.']);
    grader.dispose();
  });
});

describe('grader reuse across runs', function () {
  const pool = new SandboxPool(SANDBOX);
  after(() => pool.dispose());

  async function run(reuse: string | undefined, items: GradeItem[], extra: { timeoutMs?: number; signal?: AbortSignal } = {}) {
    const grader = new Grader({ pool, timeoutMs: extra.timeoutMs ?? 10_000, memoryMb: 64, reuse, ...(extra.signal ? { signal: extra.signal } : {}) });
    try {
      return await grader.grade(items);
    } finally {
      grader.dispose();
    }
  }

  it('serves the next run of the same checks, and only those', async function () {
    const count = js('(globalThis.runs = (globalThis.runs ?? 0) + 1)');
    assert.equal((await run('A', [count]))[0].reason, 'Scored 1 (needs 1).');
    const first = pool.keptGraderPid;
    assert.ok(alive(first), 'the grader of run 1 is kept');
    // The same checks: the same process (the global its check set is still there).
    assert.equal((await run('A', [count]))[0].reason, 'Scored 2 (needs 1).');
    assert.equal(pool.keptGraderPid, first);
    // Other checks get a fresh grader: nothing the first checks left reaches them.
    const [clean] = await run('B', [js('globalThis.runs === undefined')]);
    assert.equal(clean.pass, true, clean.reason);
    assert.notEqual(pool.keptGraderPid, first);
    assert.ok(await gone(first), 'the grader kept for A ends when B is kept in its place');
  });

  it('does not keep its parent alive while it waits (a CLI ends without disposing the pool)', async function () {
    const script = path.join(mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-kept-')), 'kept.ts');
    const src = (rel: string) => JSON.stringify(path.resolve(__dirname, '../../src/core/runner', rel));
    writeFileSync(
      script,
      `import { Grader } from ${src('gradeInSandbox')};\nimport { SandboxPool } from ${src('sandboxPool')};\n` +
        `const pool = new SandboxPool(${JSON.stringify(SANDBOX)});\nconst g = new Grader({ pool, timeoutMs: 5000, memoryMb: 64, reuse: 'k' });\n` +
        `void g.grade([{ spec: { type: 'javascript', value: 'true' } as never, input: { output: 1 } }]).then((o) => { g.dispose(); console.log(o[0].pass, pool.keptGraderPid !== undefined); });\n`,
    );
    const started = performance.now();
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-r', 'sucrase/register/ts', script], { timeout: 15_000, cwd: path.resolve(__dirname, '../..') }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    assert.equal(out.trim(), 'true true', 'graded, and the grader kept');
    assert.ok(performance.now() - started < 10_000);
  });

  it('does not keep a grader without a key, after a looping check, or after a cancel', async function () {
    await run('C', [js('true')]);
    const kept = pool.keptGraderPid;
    await run(undefined, [js('true')]);
    assert.equal(pool.keptGraderPid, kept, 'a run without a key leaves the kept grader alone');

    // A looping check stops its grader: the batch fails with the reason, and the process is
    // not handed back.
    const looped = await run('C', [js('true'), js('(() => { for (;;); })()')], { timeoutMs: 800 });
    assert.match(looped[1].reason, /Grading stopped after 0.8 s/);
    assert.equal(pool.keptGraderPid, undefined);
    assert.ok(await gone(kept), 'the looping grader was ended');
    // The next run of the same checks gets a working grader.
    assert.equal((await run('C', [js('1 + 1 === 2')]))[0].pass, true);

    const slow = js('(() => { const t = Date.now(); while (Date.now() - t < 300); return true; })()');
    await run('D', [slow]);
    const d = pool.keptGraderPid;
    const ac = new AbortController();
    const pending = run('D', [slow], { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    assert.equal((await pending)[0].reason, 'Cancelled.');
    assert.equal(pool.keptGraderPid, undefined, 'a cancelled run does not hand its grader back');
    assert.ok(await gone(d));
  });
});
