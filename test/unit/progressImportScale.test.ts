import { strict as assert } from 'node:assert';
import { mergeProgress, parseProgressExport, PROGRESS_EXPORT_FORMAT, PROGRESS_EXPORT_VERSION } from '../../src/core/progress/exportImport';
import type { LessonProgress } from '../../src/core/progress/progress';

const T = '2025-01-01T10:00:00.000Z';

/** An export of `n` distinct lessons (about 150 bytes each: 10,000 make a 1.5 MB file). */
function exportOf(n: number, prefix = 'p'): string {
  const lessons = Array.from({ length: n }, (_, i) => ({ lesson: `${prefix}:track/lesson-${i}`, status: 'passed', attempts: 3, bestScore: 1, hintsShown: 1, lastRun: T, passedAt: T }));
  return JSON.stringify({ format: PROGRESS_EXPORT_FORMAT, version: PROGRESS_EXPORT_VERSION, exportedAt: T, lessons });
}

/** The least CPU time of a few runs (CPU, not wall clock: other processes share the machine). */
function cpuMs(fn: () => void, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/** A record that counts every access to it: the work a merge does on it. */
function counted(record: Record<string, LessonProgress>): { proxy: Record<string, LessonProgress>; count: () => number } {
  let n = 0;
  const proxy = new Proxy(record, {
    get: (t, k, r) => (n++, Reflect.get(t, k, r)),
    has: (t, k) => (n++, Reflect.has(t, k)),
    ownKeys: (t) => (n++, Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, k) => (n++, Reflect.getOwnPropertyDescriptor(t, k)),
  });
  return { proxy, count: () => n };
}

function progressOf(n: number, prefix: string): Record<string, LessonProgress> {
  const out: Record<string, LessonProgress> = {};
  for (let i = 0; i < n; i++) out[`${prefix}:l/${i}`] = { status: 'in-progress', attempts: 1, bestScore: 0.5, hintsShown: 0 };
  return out;
}

describe('Import Progress at scale', function () {
  it('imports 10,000 lessons from one file, each once', function () {
    const text = exportOf(10_000);
    assert.ok(text.length > 1_000_000, 'a file over 1 MB');
    const parsed = parseProgressExport(text);
    assert.ok(parsed.ok);
    assert.equal(parsed.lessons, 10_000);
    assert.deepEqual(parsed.progress['p:track/lesson-9999'], { status: 'passed', attempts: 3, bestScore: 1, hintsShown: 1, lastRun: T, passedAt: T });
  });

  it('parses 10 times the lessons in about 10 times the work, not 100 times (linear, not quadratic)', function () {
    const small = exportOf(1_000);
    const large = exportOf(10_000);
    // Warm up the JIT on both sizes first, so the ratio compares steady work.
    for (let i = 0; i < 3; i++) [small, large].forEach((t) => parseProgressExport(t));
    const ratio = cpuMs(() => parseProgressExport(large)) / Math.max(0.5, cpuMs(() => parseProgressExport(small)));
    // Linear measures 10-20 here; the old copy-per-entry merge measured over 50 (and a minute for 10,000 lessons).
    assert.ok(ratio < 35, `10,000 lessons took ${ratio.toFixed(1)} times as long as 1,000`);
  });

  it('merges into the stored progress touching each lesson a bounded number of times', function () {
    const work = (n: number) => {
      const current = counted(progressOf(n, 'a'));
      const imported = counted({ ...progressOf(n, 'b'), ...progressOf(n / 2, 'a') });
      const merged = mergeProgress(current.proxy, imported.proxy);
      assert.equal(Object.keys(merged).length, 2 * n);
      return current.count() + imported.count();
    };
    const [w1, w10] = [work(1_000), work(10_000)];
    assert.ok(w10 <= 10 * w1 + 10, `work ${w1} for 1,000 lessons and ${w10} for 10,000`);
    assert.ok(w10 < 10 * 10_000, `at most a handful of accesses per lesson, was ${w10}`);
  });

  it('changes nothing and names the field when the 10,000th lesson is bad', function () {
    const doc = JSON.parse(exportOf(10_000)) as { lessons: Record<string, unknown>[] };
    doc.lessons[9_999].status = 'done';
    const parsed = parseProgressExport(JSON.stringify(doc));
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.error, /^lessons\[9999\]\.status: /);
  });

  it('refuses a format value nested 100,000 deep with a message instead of overflowing the stack', function () {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const parsed = parseProgressExport(`{"format": ${deep}}`);
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.error, /found an array/);
  });
});
