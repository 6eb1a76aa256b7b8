import { strict as assert } from 'node:assert';
import {
  hostToWebviewSchema,
  persistedPanelStateSchema,
  webviewToHostSchema,
  type HostToWebview,
  type WebviewToHost,
} from '../../src/protocol/messages';

const VALID_FROM_WEBVIEW: WebviewToHost[] = [
  { type: 'ready' },
  { type: 'runChecks' },
  { type: 'runChecks', fresh: true },
  { type: 'configureModel' },
  { type: 'setApiKey' },
  { type: 'showLog' },
  { type: 'cancel' },
  { type: 'showHint' },
  { type: 'askModelHint' },
  { type: 'cancelModelHint' },
  { type: 'showSolution' },
  { type: 'resetLesson' },
  { type: 'installDependencies' },
  { type: 'nextLesson' },
  { type: 'openFile', file: 'chunker.ts' },
  { type: 'openFile', file: 'sub/b.ts' },
  { type: 'openLink', href: 'https://example.com/docs?q=1#x' },
];

function accepts(msg: unknown) {
  const r = webviewToHostSchema.safeParse(msg);
  assert.ok(r.success, `should accept ${JSON.stringify(msg)}`);
  return r.data;
}

function rejects(msg: unknown) {
  assert.equal(webviewToHostSchema.safeParse(msg).success, false, `should reject ${JSON.stringify(msg) ?? String(msg)}`);
}

describe('protocol: webviewToHostSchema', function () {
  for (const msg of VALID_FROM_WEBVIEW) {
    it(`accepts ${JSON.stringify(msg)}`, function () {
      assert.deepEqual(accepts(msg), msg);
    });
  }

  it('covers every message type the schema knows', function () {
    const types = new Set(VALID_FROM_WEBVIEW.map((m) => m.type));
    assert.equal(webviewToHostSchema.def.options.length, types.size);
    for (const option of webviewToHostSchema.def.options) {
      const t = (option.def.shape.type as unknown as { def: { values: string[] } }).def.values[0];
      assert.ok(types.has(t as WebviewToHost['type']), `no valid sample for "${t}"`);
    }
  });

  it('rejects an unknown type', function () {
    rejects({ type: 'deleteEverything' });
    rejects({ type: 'RUNCHECKS' });
    rejects({ type: '' });
  });

  it('rejects a message without a type', function () {
    rejects({});
    rejects({ file: 'a.ts' });
  });

  it('rejects extra keys', function () {
    rejects({ type: 'ready', extra: 1 });
    rejects({ type: 'runChecks', lessonKey: 'core:x' });
    rejects({ type: 'openFile', file: 'a.ts', line: 3, target: 'x' });
  });

  it('takes a line and column in openFile only as whole numbers from 1', function () {
    assert.equal(webviewToHostSchema.safeParse({ type: 'openFile', file: 'a.ts', line: 3, column: 7 }).success, true);
    for (const line of [0, -1, 1.5, '3', 1e9]) rejects({ type: 'openFile', file: 'a.ts', line });
    rejects({ type: 'openLink', href: 'https://x', target: '_blank' });
  });

  it('rejects a missing or mistyped payload', function () {
    rejects({ type: 'openFile' });
    rejects({ type: 'openFile', file: 42 });
    rejects({ type: 'openLink' });
    rejects({ type: 'openLink', href: null });
  });

  it('accepts a file of 500 characters and rejects 501', function () {
    accepts({ type: 'openFile', file: 'f'.repeat(500) });
    rejects({ type: 'openFile', file: 'f'.repeat(501) });
  });

  it('accepts an href of 2000 characters and rejects 2001', function () {
    const base = 'https://example.com/';
    accepts({ type: 'openLink', href: base + 'a'.repeat(2000 - base.length) });
    rejects({ type: 'openLink', href: base + 'a'.repeat(2001 - base.length) });
    rejects({ type: 'openLink', href: 'x'.repeat(100_000) });
  });

  it('rejects anything that is not an object', function () {
    for (const msg of [undefined, null, 'ready', 42, true, ['ready'], [{ type: 'ready' }]]) rejects(msg);
  });
});

const STATE: HostToWebview = {
  type: 'state',
  state: {
    lesson: {
      key: 'core:rag/chunker',
      id: 'rag/chunker',
      title: 'Chunk a document',
      summary: 'Split text into overlapping chunks.',
      minutes: 15,
      difficulty: 'core',
      track: 'rag',
      pack: 'core',
      instructionsHtml: '<h1>Chunk a document</h1>\n<p>Write <code>chunk</code>.</p>\n',
      files: ['chunker.ts'],
      learnerDir: '/home/ada/project/ai-dojo/rag/chunker',
      hasNext: true,
    },
    status: 'in-progress',
    attempts: 2,
    bestScore: 0.5,
    hints: ['<p>Start with a loop.</p>\n'],
    hintCount: 3,
    running: false,
    trusted: true,
    needsModel: false,
    model: { configured: false, label: 'no model' },
    lastRun: {
      lessonKey: 'core:rag/chunker',
      outcome: 'failed',
      checks: [
        { index: 0, name: 'chunk("abc", 2) equals ["ab","c"]', type: 'equals', status: 'passed', score: 1, reason: 'Output equals the expected value.', durationMs: 1.2, logs: [] },
        {
          index: 1,
          name: 'chunk("", 2) throws',
          type: 'throws',
          status: 'failed',
          score: 0,
          reason: 'Expected the call to throw an error, but it returned normally.',
          expected: '"an error"',
          actual: '[]',
          hint: 'What should an empty input do?',
          durationMs: 0.4,
          logs: ['chunking 0 chars'],
        },
        { index: 2, name: 'chunk(…) length', type: 'length', status: 'not-run', score: 0, reason: 'Not run: the run timed out.', logs: [] },
      ],
      passed: 1,
      total: 3,
      score: 1 / 3,
      durationMs: 312,
      output: '',
      finishedAt: '2025-01-01T10:00:00.000Z',
    },
    mistake: { exact: true, similarity: 1, tied: 1, mistakes: [{ name: 'empty-input', why: 'Splits an empty text into one empty chunk.' }] },
    changes: { since: '2025-01-01T09:58:00.000Z', newlyPassing: ['chunk("abc", 2) equals ["ab","c"]'], newlyFailing: ['chunk("", 2) throws'] },
    history: [
      { at: '2025-01-01T09:58:00.000Z', outcome: 'failed', passed: 0, total: 3 },
      { at: '2025-01-01T10:00:00.000Z', outcome: 'failed', passed: 1, total: 3 },
    ],
  },
};

describe('protocol: hostToWebviewSchema', function () {
  it('accepts a realistic state message and keeps it intact', function () {
    const r = hostToWebviewSchema.safeParse(STATE);
    assert.ok(r.success, r.success ? '' : JSON.stringify(r.error.issues));
    assert.deepEqual(r.data, STATE);
  });

  it('accepts a state message before any run', function () {
    const { lastRun: _lastRun, ...state } = (STATE as Extract<HostToWebview, { type: 'state' }>).state;
    assert.ok(hostToWebviewSchema.safeParse({ type: 'state', state: { ...state, status: 'not-started', attempts: 0, bestScore: 0, hints: [] } }).success);
  });

  it('accepts a progress message', function () {
    assert.ok(hostToWebviewSchema.safeParse({ type: 'progress', done: 1, total: 3, name: 'chunk("abc", 2) equals ["ab","c"]' }).success);
  });

  it('rejects a state message with a bad status or check status', function () {
    const state = (STATE as Extract<HostToWebview, { type: 'state' }>).state;
    assert.equal(hostToWebviewSchema.safeParse({ type: 'state', state: { ...state, status: 'done' } }).success, false);
    const badRun = { ...state.lastRun!, checks: [{ ...state.lastRun!.checks[0], status: 'skipped' }] };
    assert.equal(hostToWebviewSchema.safeParse({ type: 'state', state: { ...state, lastRun: badRun } }).success, false);
  });

  it('accepts a state with no mistake, no changes and an empty history', function () {
    const { mistake: _m, changes: _c, ...state } = (STATE as Extract<HostToWebview, { type: 'state' }>).state;
    assert.ok(hostToWebviewSchema.safeParse({ type: 'state', state: { ...state, history: [] } }).success);
  });

  it('rejects a malformed mistake, changes or history', function () {
    const state = (STATE as Extract<HostToWebview, { type: 'state' }>).state;
    const bad = (patch: object) => assert.equal(hostToWebviewSchema.safeParse({ type: 'state', state: { ...state, ...patch } }).success, false, JSON.stringify(patch));
    const mistake = state.mistake!;
    bad({ mistake: { ...mistake, mistakes: [] } });
    bad({ mistake: { ...mistake, mistakes: [...mistake.mistakes, ...mistake.mistakes, ...mistake.mistakes] } });
    bad({ mistake: { ...mistake, similarity: 1.5 } });
    bad({ mistake: { ...mistake, tied: 0 } });
    bad({ mistake: { ...mistake, mistakes: [{ name: 'x' }] } });
    bad({ changes: { since: 't', newlyPassing: 'a' } });
    bad({ history: [{ at: 't', outcome: 'failed', passed: '1', total: 3 }] });
    bad({ history: [{ at: 't', outcome: 'done', passed: 1, total: 3 }] });
    bad({ history: [{ at: 't', outcome: 'failed', passed: 1.5, total: 3 }] });
    bad({ history: Array.from({ length: 21 }, () => state.history[0]) });
    const { history: _h, ...noHistory } = state;
    assert.equal(hostToWebviewSchema.safeParse({ type: 'state', state: noHistory }).success, false, 'history is required');
  });

  it('rejects a state message missing a required field', function () {
    const { trusted: _trusted, ...state } = (STATE as Extract<HostToWebview, { type: 'state' }>).state;
    assert.equal(hostToWebviewSchema.safeParse({ type: 'state', state }).success, false);
  });

  it('rejects an unknown type', function () {
    assert.equal(hostToWebviewSchema.safeParse({ type: 'eval', code: '1' }).success, false);
  });
});

describe('protocol: persistedPanelStateSchema', function () {
  it('accepts a lesson key and rejects anything else', function () {
    assert.ok(persistedPanelStateSchema.safeParse({ lessonKey: 'core:rag/chunker' }).success);
    assert.equal(persistedPanelStateSchema.safeParse({}).success, false);
    assert.equal(persistedPanelStateSchema.safeParse(null).success, false);
  });
});
