// The panel's words for prompt statistics, and the protocol that carries the figures: strict on
// shares, counts and money.
import { strict as assert } from 'node:assert';
import { hostToWebviewSchema, runResultSchema, type CaseResultView, type RunResultView } from '../../src/protocol/messages';
import { gradeOf } from '../../src/core/grade/fromRun';
import type { Lesson } from '../../src/core/lessons/model';
import { caseResult } from '../../src/core/runner/caseResult';
import type { CaseRun } from '../../src/core/runner/result';
import { estimateText, modelHintMeta, passRateText, spendText, stoppedEarlyText } from '../../src/webview/statsText';

const runOf = (pass: boolean): CaseRun => ({ text: pass ? 'ok' : 'no', cached: false, pass, checks: [] });
const eightOfTen = caseResult({ name: 'refund', vars: { t: 'x' }, repeat: 10, minPassRate: 0.8 }, 0, [true, true, false, true, true, true, false, true, true, true].map(runOf), undefined);

const RUN: RunResultView = {
  lessonKey: 'builtin:p/x',
  outcome: 'passed',
  checks: [],
  passed: 1,
  total: 1,
  score: 1,
  durationMs: 10,
  output: '',
  finishedAt: '2026-01-01T00:00:00.000Z',
  cases: [eightOfTen as CaseResultView],
  spend: { estimate: { calls: 10, promptTokens: 400, completionTokens: 2560, usd: 0.0021 }, spentUsd: 0.0012, capUsd: 0.05, capReached: false, unpriced: false },
};

describe('prompt statistics in the panel', function () {
  it('says "passed 8/10 (80 %, 95 % CI 49–94 %), pass^10 0 %"', function () {
    assert.equal(passRateText(eightOfTen as CaseResultView), 'passed 8/10 (80 %, 95 % CI 49–94 %), pass^10 0 % · needs 80 %');
  });

  it('has no interval for a case run once', function () {
    const once = caseResult({ name: 'a', vars: {} }, 0, [runOf(true)], undefined);
    assert.equal(once.stats, undefined);
    assert.equal(passRateText(once as CaseResultView), undefined);
  });

  it('says how many calls stopping early saved', function () {
    const early = caseResult({ name: 'a', vars: {}, repeat: 10, minPassRate: 0.5 }, 0, [1, 2, 3, 4].map(() => runOf(true)), 'pass');
    assert.equal(early.callsSaved, 6);
    assert.equal(stoppedEarlyText(early as CaseResultView), 'stopped early: 6 calls saved (95 % CI wholly above 50 %)');
    assert.equal(passRateText(early as CaseResultView), 'passed 4/4 (100 %, 95 % CI 51–100 %), pass^4 100 % · needs 50 %');
    assert.equal(stoppedEarlyText(eightOfTen as CaseResultView), undefined);
  });

  it('estimates a priced run with its cap, and says nothing for a free model without one', function () {
    assert.equal(estimateText({ calls: 12, promptTokens: 300, completionTokens: 700, usd: 0.0123, capUsd: 0.05 }), 'Estimated cost up to $0.012 for 12 calls (~1000 tokens) · spend cap $0.050');
    assert.equal(estimateText({ calls: 12, promptTokens: 300, completionTokens: 700, usd: 0 }), undefined);
    assert.match(estimateText({ calls: 3, promptTokens: 3, completionTokens: 3, capUsd: 1 }) ?? '', /price of this model is not known/);
  });

  it('reports the spend after the run, and a reached cap', function () {
    assert.equal(spendText(RUN), 'Spent $0.00120 (estimated $0.00210) · spend cap $0.050');
    assert.equal(spendText({ ...RUN, spend: { ...RUN.spend!, capReached: true } }), 'Spent $0.00120 (estimated $0.00210) · spend cap $0.050, reached');
    assert.equal(spendText({ ...RUN, spend: { ...RUN.spend!, spentUsd: 0, capUsd: undefined } }), undefined);
  });
});

describe('protocol: prompt statistics', function () {
  it('carries the figures of a run intact', function () {
    const r = runResultSchema.safeParse(RUN);
    assert.ok(r.success, r.success ? '' : JSON.stringify(r.error.issues));
    assert.deepEqual(r.data, RUN);
  });

  it('rejects shares outside 0..1, fractional counts and negative money', function () {
    const c = RUN.cases![0];
    const bad = (patch: Partial<RunResultView>) => assert.equal(runResultSchema.safeParse({ ...RUN, ...patch }).success, false, JSON.stringify(patch));
    bad({ cases: [{ ...c, stats: { ...c.stats!, ci95: { low: -0.1, high: 0.9 } } }] });
    bad({ cases: [{ ...c, stats: { ...c.stats!, passHatK: 1.2 } }] });
    bad({ cases: [{ ...c, stats: { ...c.stats!, runs: 2.5 } }] });
    bad({ cases: [{ ...c, callsSaved: -1 }] });
    bad({ cases: [{ ...c, stoppedEarly: 'maybe' as 'pass' }] });
    bad({ spend: { ...RUN.spend!, spentUsd: -1 } });
    bad({ spend: { ...RUN.spend!, estimate: { ...RUN.spend!.estimate, calls: 1.5 } } });
  });

  it('accepts an estimate message and rejects one with extra or bad fields', function () {
    assert.ok(hostToWebviewSchema.safeParse({ type: 'estimate', calls: 4, promptTokens: 40, completionTokens: 80, usd: 0.01, capUsd: 0.05 }).success);
    assert.ok(hostToWebviewSchema.safeParse({ type: 'estimate', calls: 4, promptTokens: 40, completionTokens: 80 }).success, 'no price known');
    assert.equal(hostToWebviewSchema.safeParse({ type: 'estimate', calls: 4, promptTokens: 40, completionTokens: 80, html: '<b>' }).success, false);
    assert.equal(hostToWebviewSchema.safeParse({ type: 'estimate', calls: -1, promptTokens: 40, completionTokens: 80 }).success, false);
    assert.equal(hostToWebviewSchema.safeParse({ type: 'estimate', calls: 4, promptTokens: 40, completionTokens: 80, usd: '1' }).success, false);
  });
});

describe('ai-dojo grade: prompt statistics in a case reason', function () {
  const lesson = { id: 'p/x', key: 'builtin:p/x', title: 'X', kind: 'prompt' } as Lesson;

  it('gives the interval and pass^k of a repeated case', function () {
    const g = gradeOf(lesson, '/tmp/x', { ...RUN, spend: undefined } as never);
    assert.equal(g.checks[0].reason, 'Every check passed (8/10 runs passed (80 %, 95 % CI 49–94 %), pass^10 0 %; needs 80 %).');
  });

  it('says how many calls an early stop saved', function () {
    const early = caseResult({ name: 'a', vars: {}, repeat: 10, minPassRate: 0.5 }, 0, [1, 2, 3, 4].map(() => runOf(true)), 'pass');
    const g = gradeOf(lesson, '/tmp/x', { ...RUN, cases: [early] } as never);
    assert.match(g.checks[0].reason, /4\/4 runs passed .*; needs 50 %; stopped early, 6 calls saved\)\.$/);
  });

  it('says what a model hint cost, marks estimated tokens, and how many replies were discarded', function () {
    const usage = { promptTokens: 300, completionTokens: 112, totalTokens: 412 };
    assert.equal(modelHintMeta({ status: 'done', text: 'x', attempts: 1, model: 'gpt-4o-mini · OpenAI', usage, costUsd: 0.0001122 }), 'gpt-4o-mini · OpenAI · 412 tokens (300 + 112) · $0.00011');
    assert.equal(modelHintMeta({ status: 'done', text: 'x', attempts: 2, model: 'm', usage, estimated: true }), 'm · ~412 tokens (300 + 112) · price not known · 2 replies (1 discarded)');
    assert.equal(modelHintMeta({ status: 'withheld', text: '', attempts: 2, model: 'm', usage, costUsd: 0 }), 'm · 412 tokens (300 + 112) · $0 · 2 replies (all discarded)');
  });
});
