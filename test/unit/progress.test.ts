import { strict as assert } from 'node:assert';
import {
  MemoryProgressStore,
  NOT_STARTED,
  hintShown,
  normalize,
  opened,
  RUN_HISTORY_LIMIT,
  recordRun,
  type LessonProgress,
} from '../../src/core/progress/progress';
import type { RunOutcome, RunResult } from '../../src/core/runner/result';

function run(outcome: RunOutcome, score: number, finishedAt: string): RunResult {
  return { lessonKey: 'core:rag/chunker', outcome, checks: [], passed: 0, total: 0, score, durationMs: 10, output: '', finishedAt };
}

const T1 = '2025-01-01T10:00:00.000Z';
const T2 = '2025-01-01T11:00:00.000Z';
const T3 = '2025-01-01T12:00:00.000Z';

describe('progress: opened', function () {
  it('moves a new lesson to in-progress without touching the counters, and records when', function () {
    assert.deepEqual(opened(NOT_STARTED, T1), { status: 'in-progress', attempts: 0, bestScore: 0, hintsShown: 0, lastOpened: T1 });
  });

  it('does not mutate the frozen NOT_STARTED record', function () {
    opened(NOT_STARTED);
    assert.equal(NOT_STARTED.status, 'not-started');
    assert.ok(Object.isFrozen(NOT_STARTED));
  });

  it('leaves the status and counters of in-progress and passed lessons as they are', function () {
    const inProgress: LessonProgress = { status: 'in-progress', attempts: 2, bestScore: 0.5, hintsShown: 1 };
    const passed: LessonProgress = { status: 'passed', attempts: 3, bestScore: 1, hintsShown: 0, passedAt: T1 };
    assert.deepEqual(opened(inProgress, T2), { ...inProgress, lastOpened: T2 });
    assert.deepEqual(opened(passed, T3), { ...passed, lastOpened: T3 });
  });

  it('keeps lastOpened through normalize (reloads, imports)', function () {
    assert.equal(normalize(opened(NOT_STARTED, T2)).lastOpened, T2);
    assert.equal(normalize({ status: 'in-progress', lastOpened: 42 }).lastOpened, undefined);
  });
});

describe('progress: recordRun', function () {
  it('counts each run as an attempt and records when it finished', function () {
    let p = recordRun(NOT_STARTED, run('failed', 0.2, T1));
    assert.equal(p.attempts, 1);
    assert.equal(p.lastRun, T1);
    assert.equal(p.status, 'in-progress');
    p = recordRun(p, run('error', 0, T2));
    p = recordRun(p, run('timeout', 0, T3));
    assert.equal(p.attempts, 3);
    assert.equal(p.lastRun, T3);
  });

  it('keeps the best score, never lowering it', function () {
    let p = recordRun(NOT_STARTED, run('failed', 0.6, T1));
    p = recordRun(p, run('failed', 0.3, T2));
    assert.equal(p.bestScore, 0.6);
    p = recordRun(p, run('failed', 0.8, T3));
    assert.equal(p.bestScore, 0.8);
  });

  it('marks a passing run as passed and sets passedAt', function () {
    const p = recordRun(opened(NOT_STARTED), run('passed', 1, T1));
    assert.equal(p.status, 'passed');
    assert.equal(p.passedAt, T1);
    assert.equal(p.bestScore, 1);
  });

  it('keeps a passed lesson passed after a later failing run', function () {
    let p = recordRun(NOT_STARTED, run('passed', 1, T1));
    p = recordRun(p, run('failed', 0.1, T2));
    assert.equal(p.status, 'passed');
    assert.equal(p.bestScore, 1);
    assert.equal(p.attempts, 2);
    assert.equal(p.lastRun, T2);
    assert.equal(p.passedAt, T1);
  });

  it('sets passedAt only the first time', function () {
    let p = recordRun(NOT_STARTED, run('failed', 0, T1));
    assert.equal(p.passedAt, undefined);
    p = recordRun(p, run('passed', 1, T2));
    p = recordRun(p, run('passed', 1, T3));
    assert.equal(p.passedAt, T2);
    assert.equal(p.lastRun, T3);
  });

  it('ignores a cancelled run entirely', function () {
    const before: LessonProgress = { status: 'in-progress', attempts: 2, bestScore: 0.4, hintsShown: 1, lastRun: T1 };
    const after = recordRun(before, run('cancelled', 0.9, T2));
    assert.deepEqual(after, before);
    assert.equal(recordRun(NOT_STARTED, run('cancelled', 1, T1)).status, 'not-started');
  });

  it('does not mutate its input', function () {
    const before: LessonProgress = { status: 'in-progress', attempts: 1, bestScore: 0.2, hintsShown: 0 };
    const copy = { ...before };
    recordRun(before, run('passed', 1, T1));
    assert.deepEqual(before, copy);
  });

  it('keeps hintsShown', function () {
    const p = recordRun({ status: 'in-progress', attempts: 0, bestScore: 0, hintsShown: 2 }, run('failed', 0, T1));
    assert.equal(p.hintsShown, 2);
  });
});

describe('progress: hintShown', function () {
  it('counts hints and starts the lesson', function () {
    const p = hintShown(NOT_STARTED, 3);
    assert.equal(p.hintsShown, 1);
    assert.equal(p.status, 'in-progress');
  });

  it('caps at the number of hints', function () {
    let p: LessonProgress = NOT_STARTED;
    for (let i = 0; i < 5; i++) p = hintShown(p, 2);
    assert.equal(p.hintsShown, 2);
  });

  it('stays at 0 for a lesson without hints', function () {
    assert.equal(hintShown(NOT_STARTED, 0).hintsShown, 0);
  });

  it('does not move a passed lesson back', function () {
    const p = hintShown({ status: 'passed', attempts: 1, bestScore: 1, hintsShown: 0, passedAt: T1 }, 3);
    assert.equal(p.status, 'passed');
    assert.equal(p.hintsShown, 1);
    assert.equal(p.passedAt, T1);
  });
});

describe('progress: normalize', function () {
  const garbage: unknown[] = [undefined, null, 42, 'passed', [], true, () => 1];
  for (const raw of garbage) {
    it(`reads ${typeof raw === 'function' ? 'a function' : JSON.stringify(raw) ?? String(raw)} as not started`, function () {
      assert.deepEqual(normalize(raw), { status: 'not-started', attempts: 0, bestScore: 0, hintsShown: 0 });
    });
  }

  it('keeps a valid record as it is', function () {
    const p: LessonProgress = { status: 'passed', attempts: 4, bestScore: 0.75, hintsShown: 2, lastRun: T2, passedAt: T1 };
    assert.deepEqual(normalize(p), p);
    const q: LessonProgress = { status: 'in-progress', attempts: 1, bestScore: 0, hintsShown: 0 };
    assert.deepEqual(normalize(q), q);
  });

  it('repairs every field of a damaged record', function () {
    const p = normalize({ status: 'done', attempts: -3, bestScore: 7, hintsShown: '2', lastRun: 12, passedAt: null, extra: 'x' });
    assert.deepEqual(p, { status: 'not-started', attempts: 0, bestScore: 1, hintsShown: 0 });
  });

  it('rejects non-finite numbers and floors counts', function () {
    const p = normalize({ status: 'in-progress', attempts: 2.7, bestScore: Number.NaN, hintsShown: Number.POSITIVE_INFINITY });
    assert.deepEqual(p, { status: 'in-progress', attempts: 2, bestScore: 0, hintsShown: 0 });
  });

  it('gives a record that the other functions accept', function () {
    const p = recordRun(normalize({ attempts: 'many' }), run('failed', 0.5, T1));
    assert.equal(p.attempts, 1);
    assert.equal(p.bestScore, 0.5);
  });
});

describe('MemoryProgressStore', function () {
  it('returns NOT_STARTED for an unknown lesson', function () {
    const store = new MemoryProgressStore();
    assert.deepEqual(store.get('core:x'), NOT_STARTED);
    assert.deepEqual(store.all(), {});
  });

  it('stores and reads back by key', async function () {
    const store = new MemoryProgressStore();
    const p: LessonProgress = { status: 'in-progress', attempts: 1, bestScore: 0.3, hintsShown: 0 };
    await store.set('core:a', p);
    assert.deepEqual(store.get('core:a'), p);
    assert.deepEqual(store.get('core:b'), NOT_STARTED);
    assert.deepEqual(store.all(), { 'core:a': p });
  });

  it('overwrites on a second set', async function () {
    const store = new MemoryProgressStore();
    await store.set('k', { status: 'in-progress', attempts: 1, bestScore: 0, hintsShown: 0 });
    await store.set('k', { status: 'passed', attempts: 2, bestScore: 1, hintsShown: 0, passedAt: T1 });
    assert.equal(store.get('k').status, 'passed');
    assert.equal(Object.keys(store.all()).length, 1);
  });

  it('all() is a copy: changing it does not change the store', async function () {
    const store = new MemoryProgressStore({ k: { status: 'in-progress', attempts: 1, bestScore: 0, hintsShown: 0 } });
    const all = store.all();
    delete all.k;
    all.other = NOT_STARTED;
    assert.equal(store.get('k').attempts, 1);
    assert.deepEqual(Object.keys(store.all()), ['k']);
  });

  it('starts from the data it is given', function () {
    const store = new MemoryProgressStore({ k: { status: 'passed', attempts: 1, bestScore: 1, hintsShown: 0 } });
    assert.equal(store.get('k').status, 'passed');
  });
});

describe('progress: run history', function () {
  function checked(names: Record<string, 'passed' | 'failed' | 'not-run'>, finishedAt: string): RunResult {
    const checks = Object.entries(names).map(([name, status], index) => ({ index, name, type: 'equals', status, score: status === 'passed' ? 1 : 0, reason: '', logs: [] }));
    const passed = checks.filter((c) => c.status === 'passed').length;
    return { ...run(passed === checks.length ? 'passed' : 'failed', passed / checks.length, finishedAt), checks, passed, total: checks.length };
  }

  it('records each counted run with the names of the checks that failed (not the ones not run)', function () {
    const p = recordRun(NOT_STARTED, checked({ a: 'passed', b: 'failed', c: 'not-run' }, T1));
    assert.deepEqual(p.runs, [{ at: T1, outcome: 'failed', passed: 1, total: 3, failed: ['b'] }]);
  });

  it(`keeps only the latest ${RUN_HISTORY_LIMIT} runs, oldest first`, function () {
    let p: LessonProgress = NOT_STARTED;
    for (let i = 0; i < RUN_HISTORY_LIMIT + 5; i++) p = recordRun(p, checked({ a: i % 2 ? 'passed' : 'failed' }, new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString()));
    assert.equal(p.runs?.length, RUN_HISTORY_LIMIT);
    assert.equal(p.runs?.[0]?.at, new Date(Date.UTC(2025, 0, 1, 0, 5)).toISOString());
    assert.equal(p.attempts, RUN_HISTORY_LIMIT + 5);
  });

  it('does not record cancelled runs', function () {
    assert.equal(recordRun(NOT_STARTED, run('cancelled', 0, T1)).runs, undefined);
  });

  it('normalize keeps well-formed records and drops broken ones', function () {
    const good = { at: T1, outcome: 'failed', passed: 1, total: 2, failed: ['b', 3] };
    const p = normalize({ status: 'in-progress', runs: [good, { at: T2, outcome: 'won', passed: 1, total: 1 }, { at: T3, outcome: 'passed', passed: 3, total: 2 }, null] });
    assert.deepEqual(p.runs, [{ at: T1, outcome: 'failed', passed: 1, total: 2, failed: ['b'] }]);
    assert.equal(normalize({ status: 'in-progress', runs: 'x' }).runs, undefined);
  });
});
