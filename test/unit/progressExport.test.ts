import { strict as assert } from 'node:assert';
import { exportProgress, mergeLesson, mergeProgress, parseProgressExport, type ProgressExport } from '../../src/core/progress/exportImport';
import { MemoryProgressStore, NOT_STARTED, recordRun, type LessonProgress } from '../../src/core/progress/progress';
import { MementoProgressStore } from '../../src/host/adapters/mementoProgress';

const T1 = '2025-01-01T10:00:00.000Z';
const T2 = '2025-01-01T11:00:00.000Z';
const T3 = '2025-01-01T12:00:00.000Z';
const NOW = new Date('2025-02-03T04:05:06.000Z');

const ALL: Record<string, LessonProgress> = {
  'ai-dojo:rag/chunker': { status: 'in-progress', attempts: 2, bestScore: 0.4, hintsShown: 1, lastRun: T2 },
  'ai-dojo:rag/cosine-topk': { status: 'passed', attempts: 3, bestScore: 1, hintsShown: 0, lastRun: T3, passedAt: T1 },
  'team:x/y': { status: 'not-started', attempts: 0, bestScore: 0, hintsShown: 2 },
};
const TITLES: Record<string, string> = { 'ai-dojo:rag/chunker': 'Chunking', 'ai-dojo:rag/cosine-topk': 'Cosine similarity' };

function parse(doc: unknown) {
  return parseProgressExport(JSON.stringify(doc));
}

function validDoc(): ProgressExport {
  return exportProgress(ALL, (k) => TITLES[k], NOW);
}

/** The error of a parse that must fail. */
function errorOf(text: string): string {
  const r = parseProgressExport(text);
  assert.equal(r.ok, false, 'the file is refused');
  return r.ok ? '' : r.error;
}

describe('progress export: exportProgress', function () {
  it('writes a versioned document with every lesson, titles where known, and ISO dates', function () {
    const doc = validDoc();
    assert.equal(doc.format, 'ai-dojo-progress');
    assert.equal(doc.version, 2);
    assert.equal(doc.exportedAt, NOW.toISOString());
    assert.deepEqual(doc.lessons, [
      { lesson: 'ai-dojo:rag/chunker', title: 'Chunking', status: 'in-progress', attempts: 2, bestScore: 0.4, hintsShown: 1, lastRun: T2 },
      { lesson: 'ai-dojo:rag/cosine-topk', title: 'Cosine similarity', status: 'passed', attempts: 3, bestScore: 1, hintsShown: 0, lastRun: T3, passedAt: T1 },
      // Not in the loaded packs: no title, but still exported.
      { lesson: 'team:x/y', status: 'not-started', attempts: 0, bestScore: 0, hintsShown: 2 },
    ]);
  });

  it('sorts lessons by key whatever the store order', function () {
    const doc = exportProgress({ 'b:z': NOT_STARTED, 'a:z': NOT_STARTED }, () => undefined, NOW);
    assert.deepEqual(doc.lessons.map((l) => l.lesson), ['a:z', 'b:z']);
  });

  it('leaves out a stored date that does not parse, so the file can still be imported', function () {
    const doc = exportProgress({ 'a:b': { status: 'in-progress', attempts: 1, bestScore: 0, hintsShown: 0, lastRun: 'yesterday' } }, () => undefined, NOW);
    assert.equal('lastRun' in doc.lessons[0], false);
    assert.equal(parse(doc).ok, true);
  });
});

describe('progress export: round trip', function () {
  it('export, then parse, then merge into nothing gives the same records', function () {
    const text = JSON.stringify(validDoc(), null, 2);
    const parsed = parseProgressExport(text);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.equal(parsed.lessons, 3);
    assert.deepEqual(mergeProgress({}, parsed.progress), ALL);
  });

  it('keeps the hints asked of the model (Ask for a Hint): exported, imported, the larger count on merge', function () {
    const asked = { 'a:b': { status: 'in-progress' as const, attempts: 1, bestScore: 0, hintsShown: 1, modelHints: 3 } };
    const parsed = parseProgressExport(JSON.stringify(exportProgress(asked, () => undefined, NOW)));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.equal(parsed.progress['a:b'].modelHints, 3);
    assert.equal(mergeLesson({ ...asked['a:b'], modelHints: 1 }, parsed.progress['a:b']).modelHints, 3);
    assert.equal(mergeLesson(NOT_STARTED, NOT_STARTED).modelHints, undefined, 'no field when no model hint was taken');
  });

  it('keeps when a lesson was last opened (Continue where you left off), the later of two on merge', function () {
    const opened = { 'a:b': { status: 'in-progress' as const, attempts: 0, bestScore: 0, hintsShown: 0, lastOpened: T2 } };
    const parsed = parseProgressExport(JSON.stringify(exportProgress(opened, () => undefined, NOW)));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.progress, opened);
    assert.equal(mergeProgress({ 'a:b': { ...opened['a:b'], lastOpened: T3 } }, parsed.progress)['a:b'].lastOpened, T3);
  });

  it('through a store: replaceAll with the merge restores what was cleared', async function () {
    const store = new MemoryProgressStore({ ...ALL });
    const text = JSON.stringify(exportProgress(store.all(), () => undefined, NOW));
    await store.replaceAll({});
    assert.deepEqual(store.all(), {});
    const parsed = parseProgressExport(text);
    assert.ok(parsed.ok);
    await store.replaceAll(mergeProgress(store.all(), parsed.progress));
    assert.deepEqual(store.all(), ALL);
  });

  it('accepts a byte order mark and dates with an offset (stored as UTC)', function () {
    const doc = validDoc();
    doc.lessons[0].lastRun = '2025-01-01T13:00:00+02:00';
    const parsed = parseProgressExport('\uFEFF' + JSON.stringify(doc));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.equal(parsed.progress['ai-dojo:rag/chunker'].lastRun, T2);
  });

  it('merges a lesson listed twice instead of dropping one', function () {
    const doc = validDoc();
    doc.lessons.push({ lesson: 'ai-dojo:rag/chunker', status: 'passed', attempts: 1, bestScore: 1, hintsShown: 0, passedAt: T3 });
    const parsed = parse(doc);
    assert.ok(parsed.ok);
    assert.equal(parsed.lessons, 3);
    assert.deepEqual(parsed.progress['ai-dojo:rag/chunker'], { status: 'passed', attempts: 2, bestScore: 1, hintsShown: 1, lastRun: T2, passedAt: T3 });
  });

  it('reads an export with no lessons', function () {
    const parsed = parse(exportProgress({}, () => undefined, NOW));
    assert.ok(parsed.ok);
    assert.equal(parsed.lessons, 0);
    assert.deepEqual(parsed.progress, {});
  });
});

describe('progress export: parseProgressExport refuses bad files', function () {
  it('malformed JSON', function () {
    assert.match(errorOf('{"format": "ai-dojo-progress", '), /^Not valid JSON: /);
    assert.match(errorOf(''), /^Not valid JSON/);
  });

  it('JSON that is not an object, or another kind of file', function () {
    assert.match(errorOf('[]'), /Not an AI Dojo progress file: format: expected "ai-dojo-progress", found nothing/);
    assert.match(errorOf('null'), /Not an AI Dojo progress file/);
    assert.match(errorOf(JSON.stringify({ ...validDoc(), format: 'other-app' })), /format: expected "ai-dojo-progress", found "other-app"/);
  });

  it('a version it does not read, saying which', function () {
    assert.match(errorOf(JSON.stringify({ ...validDoc(), version: 3 })), /^version: this file is version 3; this AI Dojo reads versions 1 and 2\. Update AI Dojo/);
    assert.match(errorOf(JSON.stringify({ ...validDoc(), version: '1' })), /^version: this file is version "1"/);
  });

  it('a bad field, named with its path', function () {
    const doc = validDoc() as unknown as { lessons: Record<string, unknown>[] };
    doc.lessons[1].status = 'done';
    assert.match(errorOf(JSON.stringify(doc)), /^lessons\[1\]\.status: Invalid option: expected one of/);
  });

  const badFields: [string, unknown, RegExp][] = [
    ['attempts', -1, /^lessons\[0\]\.attempts: Too small/],
    ['attempts', 1.5, /^lessons\[0\]\.attempts: .*int/],
    ['bestScore', 1.2, /^lessons\[0\]\.bestScore: Too big/],
    ['hintsShown', '2', /^lessons\[0\]\.hintsShown: .*expected number, received string/],
    ['lastRun', 'yesterday', /^lessons\[0\]\.lastRun: Invalid ISO datetime/],
    ['passedAt', 12, /^lessons\[0\]\.passedAt: /],
    ['lesson', 'no-pack-prefix', /^lessons\[0\]\.lesson: expected a lesson key like "ai-dojo:rag\/chunker"/],
    ['bestscore', 1, /^lessons\[0\]\.bestscore: Unrecognized key/],
  ];
  for (const [field, value, error] of badFields) {
    it(`lessons[0].${field} = ${JSON.stringify(value)}`, function () {
      const doc = validDoc() as unknown as { lessons: Record<string, unknown>[] };
      doc.lessons[0][field] = value;
      assert.match(errorOf(JSON.stringify(doc)), error);
    });
  }

  it('a missing field, and says how many more problems there are', function () {
    const doc = validDoc() as unknown as { lessons: Record<string, unknown>[] };
    delete doc.lessons[2].status;
    doc.lessons[2].attempts = -5;
    assert.match(errorOf(JSON.stringify(doc)), /^lessons\[2\]\.status: .* \(and 1 more problem\)$/);
  });

  it('lessons that is not a list, and a missing exportedAt', function () {
    assert.match(errorOf(JSON.stringify({ ...validDoc(), lessons: {} })), /^lessons: .*expected array/);
    const { exportedAt: _, ...rest } = validDoc();
    assert.match(errorOf(JSON.stringify(rest)), /^exportedAt: /);
  });
});

describe('progress export: merge never loses progress', function () {
  const inProgress: LessonProgress = { status: 'in-progress', attempts: 5, bestScore: 0.3, hintsShown: 3, lastRun: T3 };
  const passed: LessonProgress = { status: 'passed', attempts: 2, bestScore: 1, hintsShown: 1, lastRun: T2, passedAt: T2 };

  it('passed beats in progress beats not started, whichever side has it', function () {
    assert.equal(mergeLesson(inProgress, passed).status, 'passed');
    assert.equal(mergeLesson(passed, inProgress).status, 'passed');
    assert.equal(mergeLesson(NOT_STARTED, inProgress).status, 'in-progress');
    assert.equal(mergeLesson(inProgress, NOT_STARTED).status, 'in-progress');
    assert.equal(mergeLesson(NOT_STARTED, NOT_STARTED).status, 'not-started');
  });

  it('takes the larger attempts, bestScore and hintsShown, the latest lastRun, the earliest passedAt', function () {
    const expected: LessonProgress = { status: 'passed', attempts: 5, bestScore: 1, hintsShown: 3, lastRun: T3, passedAt: T2 };
    assert.deepEqual(mergeLesson(inProgress, passed), expected);
    assert.deepEqual(mergeLesson(passed, inProgress), expected);
    const earlierPass = { ...passed, passedAt: T1 };
    assert.equal(mergeLesson(passed, earlierPass).passedAt, T1);
    assert.equal(mergeLesson(earlierPass, passed).passedAt, T1);
  });

  it('keeps a date only one side has, and adds none neither has', function () {
    assert.equal(mergeLesson(NOT_STARTED, inProgress).lastRun, T3);
    assert.equal(mergeLesson(inProgress, NOT_STARTED).lastRun, T3);
    const none = mergeLesson(NOT_STARTED, { ...NOT_STARTED, attempts: 1 });
    assert.equal('lastRun' in none, false);
    assert.equal('passedAt' in none, false);
  });

  it('compares dates as times, not as text', function () {
    // 09:30 UTC written with an offset sorts after 10:00Z as text but is earlier in time.
    const offset = '2025-01-01T11:30:00+02:00';
    assert.equal(mergeLesson({ ...inProgress, lastRun: offset }, { ...inProgress, lastRun: T1 }).lastRun, T1);
  });

  it('keeps lessons only one side knows and does not change its inputs', function () {
    const current = { 'a:one': inProgress, 'a:both': NOT_STARTED };
    const imported = { 'a:both': passed, 'b:other': passed };
    const copy = structuredClone({ current, imported });
    const merged = mergeProgress(current, imported);
    assert.deepEqual(Object.keys(merged).sort(), ['a:both', 'a:one', 'b:other']);
    assert.deepEqual(merged['a:one'], inProgress);
    assert.deepEqual(merged['a:both'], passed);
    assert.deepEqual(merged['b:other'], passed);
    assert.deepEqual({ current, imported }, copy);
  });

  it('importing an older export changes nothing', function () {
    const newer: LessonProgress = { status: 'passed', attempts: 4, bestScore: 1, hintsShown: 2, lastRun: T3, passedAt: T2 };
    const older: LessonProgress = { status: 'in-progress', attempts: 2, bestScore: 0.5, hintsShown: 1, lastRun: T1 };
    assert.deepEqual(mergeProgress({ 'a:b': newer }, { 'a:b': older }), { 'a:b': newer });
  });
});

describe('progress stores: replaceAll', function () {
  it('MemoryProgressStore drops lessons that are not in the new set', async function () {
    const store = new MemoryProgressStore({ 'a:old': ALL['team:x/y'] });
    await store.replaceAll({ 'a:new': ALL['ai-dojo:rag/chunker'] });
    assert.deepEqual(store.all(), { 'a:new': ALL['ai-dojo:rag/chunker'] });
    assert.deepEqual(store.get('a:old'), NOT_STARTED);
  });

  it('MementoProgressStore writes the whole set under its one key', async function () {
    const data = new Map<string, unknown>();
    const memento = {
      keys: () => [...data.keys()],
      get: <T>(key: string) => data.get(key) as T | undefined,
      update: async (key: string, value: unknown) => void data.set(key, JSON.parse(JSON.stringify(value))),
      setKeysForSync: () => undefined,
    };
    const store = new MementoProgressStore(memento);
    await store.set('a:old', ALL['team:x/y']);
    await store.replaceAll(ALL);
    assert.deepEqual(store.all(), ALL);
    await store.replaceAll({});
    assert.deepEqual(store.all(), {});
    assert.equal(store.get('ai-dojo:rag/cosine-topk').status, 'not-started');
  });
});

describe('progress export: version 2 (what a team report needs)', function () {
  const RUNS = [
    { at: T1, outcome: 'failed' as const, passed: 1, total: 3, failed: ['b', 'c'] },
    { at: T2, outcome: 'error' as const, passed: 0, total: 3, failed: [] },
    { at: T3, outcome: 'failed' as const, passed: 2, total: 3, failed: ['c'] },
  ];
  const WITH_RUNS: Record<string, LessonProgress> = {
    'ai-dojo:rag/chunker': { status: 'in-progress', attempts: 3, bestScore: 0.67, hintsShown: 2, lastRun: T3, runs: RUNS },
  };
  const V1 = {
    format: 'ai-dojo-progress',
    version: 1,
    exportedAt: NOW.toISOString(),
    lessons: [{ lesson: 'ai-dojo:rag/chunker', title: 'Chunking', status: 'passed', attempts: 4, bestScore: 1, hintsShown: 1, lastRun: T3, passedAt: T3 }],
  };

  it('exports the first run, the recent runs with their failing checks, and where the file came from', function () {
    const doc = exportProgress(WITH_RUNS, () => undefined, NOW, { extensionVersion: '0.2.0', packs: [{ id: 'ai-dojo', version: '0.1.0' }] });
    assert.equal(doc.extensionVersion, '0.2.0');
    assert.deepEqual(doc.packs, [{ id: 'ai-dojo', version: '0.1.0' }]);
    const [e] = doc.lessons;
    // The history holds every attempt, so its oldest run is the first one.
    assert.equal(e.firstRun, T1);
    assert.deepEqual(e.runs?.at(-1)?.failed, ['c']);
    assert.equal(e.runs?.length, 3);
  });

  it('leaves firstRun out when the history does not reach back to the first attempt', function () {
    const doc = exportProgress({ 'a:b': { ...WITH_RUNS['ai-dojo:rag/chunker'], attempts: 30 } }, () => undefined, NOW);
    assert.equal('firstRun' in doc.lessons[0], false);
    const kept = exportProgress({ 'a:b': { ...WITH_RUNS['ai-dojo:rag/chunker'], attempts: 30, firstRun: T1 } }, () => undefined, NOW);
    assert.equal(kept.lessons[0].firstRun, T1);
  });

  it('round-trips the history exactly, so an import restores what the store had', function () {
    const stored = { 'ai-dojo:rag/chunker': { ...WITH_RUNS['ai-dojo:rag/chunker'], firstRun: T1 } };
    const parsed = parse(exportProgress(stored, () => undefined, NOW, { extensionVersion: '9.9.9' }));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.deepEqual(parsed.progress, stored);
    assert.equal(parsed.version, 2);
    assert.deepEqual(parsed.source, { extensionVersion: '9.9.9' });
  });

  it('still reads a version 1 file (no history, no first run)', function () {
    const parsed = parse(V1);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.equal(parsed.version, 1);
    assert.deepEqual(parsed.titles, { 'ai-dojo:rag/chunker': 'Chunking' });
    assert.deepEqual(parsed.progress['ai-dojo:rag/chunker'], { status: 'passed', attempts: 4, bestScore: 1, hintsShown: 1, lastRun: T3, passedAt: T3 });
  });

  it('refuses a version 1 file with a version 2 field, naming it', function () {
    const doc = { ...V1, lessons: [{ ...V1.lessons[0], runs: RUNS }] };
    assert.match(errorOf(JSON.stringify(doc)), /^lessons\[0\]\.runs: a version 1 file has no such field/);
  });

  it('names a bad run by its path', function () {
    const doc = exportProgress(WITH_RUNS, () => undefined, NOW) as unknown as { lessons: { runs: Record<string, unknown>[] }[] };
    doc.lessons[0].runs[1].outcome = 'won';
    assert.match(errorOf(JSON.stringify(doc)), /^lessons\[0\]\.runs\[1\]\.outcome: /);
  });

  it('recordRun stamps the first counted run once, and never guesses it for older records', function () {
    const run = (at: string) => ({ lessonKey: 'a:b', outcome: 'failed' as const, checks: [], passed: 0, total: 1, score: 0, durationMs: 1, output: '', finishedAt: at });
    const once = recordRun(NOT_STARTED, run(T1));
    assert.equal(once.firstRun, T1);
    assert.equal(recordRun(once, run(T2)).firstRun, T1);
    // Attempts made before runs were recorded: the first one is unknown, not this one.
    assert.equal('firstRun' in recordRun({ ...NOT_STARTED, status: 'in-progress', attempts: 5 }, run(T3)), false);
  });

  it('merges two histories without counting a run twice, oldest first, the earliest first run', function () {
    const a: LessonProgress = { status: 'in-progress', attempts: 2, bestScore: 0.3, hintsShown: 0, firstRun: T2, runs: RUNS.slice(0, 2) };
    const b: LessonProgress = { status: 'in-progress', attempts: 2, bestScore: 0.6, hintsShown: 0, firstRun: T1, runs: RUNS.slice(1) };
    const m = mergeLesson(a, b);
    assert.deepEqual(m.runs, RUNS);
    assert.equal(m.firstRun, T1);
  });
});
