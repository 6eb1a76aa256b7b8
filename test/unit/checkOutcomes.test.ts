import { strict as assert } from 'node:assert';
import type { Lesson } from '../../src/core/lessons/model';
import type { CaseResult, CheckResult, RunResult } from '../../src/core/runner/result';
import { checkOutcomes } from '../../src/core/testing/checkOutcomes';
import { lessonCheckItems } from '../../src/core/testing/lessonCheckItems';

const CODE = {
  key: 'p:t/add',
  kind: 'code',
  call: 'add',
  checks: [
    { name: 'doubles', call: 'double', args: [2], type: 'equals', value: 4 },
    { args: [1, 2], type: 'equals', value: 3, hint: 'Add, do not subtract.' },
    { name: 'big numbers', args: [1e9, 1], type: 'equals', value: 1e9 + 1 },
  ],
} as unknown as Lesson;

const PROMPT = {
  key: 'p:t/summ',
  kind: 'prompt',
  checks: [{ name: 'starts with Summary:', type: 'starts-with', value: 'Summary:' }],
  staticChecks: [{ name: 'fenced', type: 'contains', value: '<ticket>' }],
  cases: [{ name: 'printer', vars: {} }, { name: 'refund', vars: {}, repeat: 2 }],
} as unknown as Lesson;

function check(index: number, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  return { index, name: `check ${index}`, type: 'equals', status, score: status === 'passed' ? 1 : 0, reason: status === 'passed' ? 'ok' : 'Not run.', logs: [], ...extra };
}

function result(extra: Partial<RunResult>): RunResult {
  return { lessonKey: 'p:t/add', outcome: 'failed', checks: [], passed: 0, total: 3, score: 0, durationMs: 12, output: '', finishedAt: '', ...extra };
}

describe('lessonCheckItems', function () {
  it('lists a code lesson’s checks by index with their names and the function each calls', function () {
    assert.deepEqual(
      lessonCheckItems(CODE).map((i) => [i.id, i.label, i.call]),
      [
        ['check:0', 'doubles', 'double'],
        ['check:1', 'add(1, 2) equals 3', 'add'],
        ['check:2', 'big numbers', 'add'],
      ],
    );
  });

  it('lists a prompt lesson’s static checks, then one item per case', function () {
    assert.deepEqual(
      lessonCheckItems(PROMPT).map((i) => [i.id, i.label, i.call]),
      [
        ['static:0', 'fenced', undefined],
        ['case:0', 'printer', undefined],
        ['case:1', 'refund', undefined],
      ],
    );
  });
});

describe('checkOutcomes', function () {
  it('passes and fails checks, with the reason, the hint and expected/actual at the called function', function () {
    const r = result({
      checks: [
        check(0, 'passed', { durationMs: 3, logs: ['hello'] }),
        check(1, 'failed', { reason: 'Expected 3, got -1.', expected: '3', actual: '-1', hint: 'Add, do not subtract.' }),
        check(2, 'failed', { reason: 'Expected 1000000001.' }),
      ],
      passed: 1,
    });
    const o = checkOutcomes(CODE, r);
    assert.deepEqual(o.items.get('check:0'), { state: 'passed', messages: [], durationMs: 3, output: 'hello' });
    const failed = o.items.get('check:1');
    assert.equal(failed?.state, 'failed');
    assert.deepEqual(failed?.messages, [{ text: 'Expected 3, got -1.\nHint: Add, do not subtract.', expected: '3', actual: '-1', at: { call: 'add' } }]);
    assert.deepEqual(o.items.get('check:2')?.messages, [{ text: 'Expected 1000000001.', at: { call: 'add' } }], 'no diff without expected and actual');
    assert.equal(o.lesson.state, 'failed');
    assert.equal(o.lesson.messages[0].at, undefined, 'the lesson summary is not put in the editor');
    assert.equal(o.lesson.durationMs, 12);
  });

  it('a load error errors every check with the reason', function () {
    const why = 'add.ts:1: Unexpected token';
    const r = result({ outcome: 'error', message: why, checks: [0, 1, 2].map((i) => check(i, 'not-run', { reason: 'Not run: the code could not be loaded.' })) });
    const o = checkOutcomes(CODE, r);
    for (const id of ['check:0', 'check:1', 'check:2']) {
      assert.equal(o.items.get(id)?.state, 'errored');
      assert.match(o.items.get(id)?.messages[0].text ?? '', /could not be loaded\. add\.ts:1: Unexpected token$/);
    }
    assert.deepEqual(o.lesson.messages, [{ text: why, at: {} }]);
    assert.equal(o.lesson.state, 'errored');
  });

  it('a syntax error with a location is one error on the lesson at that line; its checks are not run, not errored', function () {
    const location = { file: 'lib/add.ts', line: 28, column: 1 };
    const why = 'lib/add.ts, line 28: syntax error: unexpected token. Fix it, then run the checks again.';
    const r = result({ outcome: 'error', message: why, location, checks: [0, 1, 2].map((i) => check(i, 'not-run', { reason: 'Not run: fix lib/add.ts, line 28 first.' })) });
    const o = checkOutcomes(CODE, r);
    for (const id of ['check:0', 'check:1', 'check:2']) assert.deepEqual(o.items.get(id), { state: 'skipped', messages: [] });
    assert.equal(o.lesson.state, 'errored');
    assert.deepEqual(o.lesson.messages, [{ text: why, at: { location } }]);
  });

  it('a timeout errors the check it stopped and the ones after, and keeps the ones before', function () {
    const why = 'Stopped after 2 s during "add(1, 2) equals 3"';
    const r = result({ outcome: 'timeout', message: why, checks: [check(0, 'passed'), check(1, 'failed', { reason: why }), check(2, 'not-run', { reason: 'Not run: the run stopped before this check.' })] });
    const o = checkOutcomes(CODE, r);
    assert.deepEqual([0, 1, 2].map((i) => o.items.get(`check:${i}`)?.state), ['passed', 'errored', 'errored']);
    assert.deepEqual(o.items.get('check:1')?.messages, [{ text: why, at: { call: 'add' } }]);
  });

  it('a cancelled run skips what it did not reach', function () {
    const r = result({ outcome: 'cancelled', message: 'Cancelled.', checks: [check(0, 'passed'), check(1, 'not-run'), check(2, 'not-run')] });
    const o = checkOutcomes(CODE, r);
    assert.deepEqual([0, 1, 2].map((i) => o.items.get(`check:${i}`)?.state), ['passed', 'skipped', 'skipped']);
    assert.equal(o.lesson.state, 'skipped');
  });

  it('prompt lessons with no model: static checks graded, cases skipped, the lesson says what to do once and marks no line', function () {
    const modelError = { kind: 'not-configured', message: 'No model is configured.', action: 'Run AI Dojo: Configure Model….' };
    const emptyRun = { text: '', cached: false, pass: false, checks: [check(0, 'failed', { name: 'starts with Summary:', reason: 'Does not start with Summary:' })] };
    const cases: CaseResult[] = [
      { index: 0, name: 'printer', vars: {}, status: 'failed', runs: [emptyRun], passRate: 0, minPassRate: 1 },
      { index: 1, name: 'refund', vars: {}, status: 'failed', runs: [emptyRun, emptyRun], passRate: 0, minPassRate: 1 },
    ];
    const o = checkOutcomes(PROMPT, result({ outcome: 'error', modelError, message: `${modelError.message} ${modelError.action}`, checks: [check(0, 'passed')], cases }));
    assert.equal(o.items.get('static:0')?.state, 'passed');
    assert.deepEqual(o.items.get('case:0'), { state: 'skipped', messages: [] });
    assert.deepEqual(o.items.get('case:1'), { state: 'skipped', messages: [] });
    assert.equal(o.lesson.state, 'errored');
    assert.deepEqual(o.lesson.messages, [{ text: 'Offline checks: 1 of 1 passed; 2 cases need a model. Run AI Dojo: Configure Model….' }]);
  });

  it('prompt lessons: a failing case names the failing checks of its first failing run and the pass rate', function () {
    const ok = { text: 'Summary: fine', cached: false, pass: true, latencyMs: 40, checks: [check(0, 'passed')] };
    const bad = { text: 'Nope', cached: false, pass: false, latencyMs: 70, checks: [check(0, 'failed', { name: 'starts with Summary:', reason: 'Does not start with it.', expected: 'Summary:', actual: 'Nope' })] };
    const cases: CaseResult[] = [
      { index: 0, name: 'printer', vars: {}, status: 'passed', runs: [ok], passRate: 1, minPassRate: 1 },
      { index: 1, name: 'refund', vars: {}, status: 'failed', runs: [ok, bad], passRate: 0.5, minPassRate: 1 },
    ];
    const o = checkOutcomes(PROMPT, result({ outcome: 'failed', checks: [check(0, 'passed')], cases }));
    assert.deepEqual(o.items.get('case:0'), { state: 'passed', messages: [], durationMs: 40, output: 'Summary: fine' });
    const refund = o.items.get('case:1');
    assert.equal(refund?.state, 'failed');
    assert.deepEqual(refund?.messages, [
      { text: 'Run 2 of 2: starts with Summary: — Does not start with it.', expected: 'Summary:', actual: 'Nope', at: {} },
      { text: 'Passed 1 of 2 runs; needs 100%.', at: {} },
    ]);
    assert.equal(refund?.output, 'Run 1: Summary: fine\nRun 2: Nope');
  });

  it('prompt lessons: a prompt that cannot be read errors every item', function () {
    const o = checkOutcomes(PROMPT, result({ outcome: 'error', message: 's.prompty:2: bad role' }));
    assert.deepEqual([...o.items.values()].map((i) => [i.state, i.messages[0]?.text]), [
      ['errored', 's.prompty:2: bad role'],
      ['errored', 's.prompty:2: bad role'],
      ['errored', 's.prompty:2: bad role'],
    ]);
  });
});
