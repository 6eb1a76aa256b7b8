// "Since your last run": checks newly passing and newly failing against the previous recorded run.
import { strict as assert } from 'node:assert';
import { failedCheckNames } from '../../src/core/feedback/outcomes';
import { diffRuns, previousRun } from '../../src/core/feedback/runDiff';
import { runFeedback } from '../../src/core/feedback/runFeedback';
import type { RunRecord } from '../../src/core/progress/progress';
import type { CheckResult, RunResult } from '../../src/core/runner/result';

const check = (name: string, status: CheckResult['status'], index = 0): CheckResult => ({ index, name, type: 'equals', status, score: status === 'passed' ? 1 : 0, reason: '', logs: [] });
const run = (at: string, checks: [string, CheckResult['status']][], extra: Partial<RunResult> = {}): RunResult => ({
  lessonKey: 'p:l',
  outcome: checks.every(([, s]) => s === 'passed') ? 'passed' : 'failed',
  checks: checks.map(([n, s], i) => check(n, s, i)),
  passed: checks.filter(([, s]) => s === 'passed').length,
  total: checks.length,
  score: 0,
  durationMs: 1,
  output: '',
  finishedAt: at,
  ...extra,
});
const rec = (at: string, failed: string[], outcome: RunRecord['outcome'] = failed.length ? 'failed' : 'passed'): RunRecord => ({ at, outcome, passed: 0, total: 3, failed });

describe('since your last run', function () {
  it('marks what now passes that failed before, and what now fails that did not', function () {
    const now = run('t2', [['a', 'passed'], ['b', 'failed'], ['c', 'failed']]);
    const d = diffRuns(rec('t1', ['a', 'c']), now);
    assert.deepEqual(d, { since: 't1', newlyPassing: ['a'], newlyFailing: ['b'] });
  });

  it('a check that was not run is neither newly passing nor newly failing', function () {
    const d = diffRuns(rec('t1', ['a']), run('t2', [['a', 'not-run'], ['b', 'not-run'], ['c', 'failed']]));
    assert.deepEqual(d, { since: 't1', newlyPassing: [], newlyFailing: ['c'] });
  });

  it('compares nothing with a run whose checks did not run (load error, timeout, crash), either side', function () {
    assert.equal(diffRuns(rec('t1', [], 'timeout'), run('t2', [['a', 'failed']])), undefined);
    assert.equal(diffRuns(rec('t1', ['a']), run('t2', [['a', 'not-run']], { outcome: 'error' })), undefined);
    assert.equal(diffRuns(undefined, run('t2', [['a', 'failed']])), undefined);
  });

  it('compares case checks of prompt lessons as "case › check"; a repeated case failing once is failing', function () {
    const cases: RunResult['cases'] = [
      { index: 0, name: 'refund', vars: {}, status: 'failed', passRate: 0.5, minPassRate: 1, runs: [
        { text: '', cached: false, pass: true, checks: [check('is-json', 'passed')] },
        { text: '', cached: false, pass: false, checks: [check('is-json', 'failed')] },
      ] },
      { index: 1, name: 'spam', vars: {}, status: 'passed', passRate: 1, minPassRate: 1, runs: [{ text: '', cached: false, pass: true, checks: [check('is-json', 'passed')] }] },
    ];
    const now = run('t2', [['fenced', 'passed']], { outcome: 'failed', cases });
    assert.deepEqual(failedCheckNames(now), ['refund › is-json']);
    const d = diffRuns(rec('t1', ['fenced', 'spam › is-json']), now);
    assert.deepEqual(d, { since: 't1', newlyPassing: ['fenced', 'spam › is-json'], newlyFailing: ['refund › is-json'] });
  });

  it('a case waiting for a model is not a failed model call; a real call error is', function () {
    const waiting = { text: '', cached: false, pass: false, checks: [], error: { kind: 'needs-model', message: '', action: '' } };
    const broken = { ...waiting, error: { kind: 'auth', message: '', action: '' } };
    const c = (runs: typeof waiting[]) => run('t', [], { outcome: 'failed', cases: [{ index: 0, name: 'x', vars: {}, status: 'failed', passRate: 0, minPassRate: 1, runs }] });
    assert.deepEqual(failedCheckNames(c([waiting])), []);
    assert.deepEqual(failedCheckNames(c([broken])), ['x › model call']);
  });

  it('the previous run is the record before the one this run made; none for an unrecorded run', function () {
    const runs = [rec('t1', ['a']), rec('t2', []), rec('t3', ['b'])];
    assert.equal(previousRun(runs, { finishedAt: 't3' })?.at, 't2');
    assert.equal(previousRun(runs, { finishedAt: 't2' })?.at, 't1');
    assert.equal(previousRun(runs, { finishedAt: 't1' }), undefined);
    assert.equal(previousRun(runs, { finishedAt: 'cancelled-run' }), undefined);
  });

  describe('runFeedback (what the panel is sent)', function () {
    const lesson = { kind: 'code' as const, wrong: { 'off-by-one': { why: 'Skips the last item.', fails: ['b'] }, unexplained: { fails: ['c'] } } };

    it('a failed run: the known mistake it matches, the changes since the run before, the history', function () {
      const now = run('t2', [['a', 'passed'], ['b', 'failed']]);
      const fb = runFeedback(lesson, now, [rec('t1', ['a', 'b']), { at: 't2', outcome: 'failed', passed: 1, total: 2, failed: ['b'] }]);
      assert.deepEqual(fb.mistake, { exact: true, similarity: 1, tied: 1, mistakes: [{ name: 'off-by-one', why: 'Skips the last item.' }] });
      assert.deepEqual(fb.changes, { since: 't1', newlyPassing: ['a'], newlyFailing: [] });
      assert.deepEqual(fb.history, [{ at: 't1', outcome: 'failed', passed: 0, total: 3 }, { at: 't2', outcome: 'failed', passed: 1, total: 2 }]);
    });

    it('no mistake for a passing run, a run that did not get to its checks, or a mistake with no why', function () {
      assert.equal(runFeedback(lesson, run('t', [['a', 'passed'], ['b', 'passed']])).mistake, undefined);
      assert.equal(runFeedback(lesson, run('t', [['b', 'failed']], { outcome: 'timeout' })).mistake, undefined);
      assert.equal(runFeedback(lesson, run('t', [['c', 'failed']])).mistake, undefined);
    });

    it('before any run (or after a reload): only the history', function () {
      assert.deepEqual(runFeedback(lesson, undefined, [rec('t1', ['a'])]), { history: [{ at: 't1', outcome: 'failed', passed: 0, total: 3 }] });
    });

    it('prompt lessons are matched on their static checks only: case checks depend on the learner’s model', function () {
      const prompt = { kind: 'prompt' as const, wrong: { 'no-fence': { why: 'No fence.', fails: ['fenced', 'refund › is-json'] } } };
      const cases: RunResult['cases'] = [{ index: 0, name: 'spam', vars: {}, status: 'failed', passRate: 0, minPassRate: 1, runs: [{ text: '', cached: false, pass: false, checks: [check('is-json', 'failed')] }] }];
      const fb = runFeedback(prompt, run('t', [['fenced', 'failed']], { cases }));
      assert.equal(fb.mistake?.exact, true);
      assert.equal(fb.mistake?.mistakes[0].name, 'no-fence');
    });
  });
});
