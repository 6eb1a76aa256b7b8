// A grader handed back after a run (Grader `reuse`, SandboxPool.keepGrader) serves the next run
// of the same checks only; one whose check looped, or whose run was cancelled, is never kept.
import { strict as assert } from 'node:assert';
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
