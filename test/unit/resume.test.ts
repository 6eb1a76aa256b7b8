import { strict as assert } from 'node:assert';
import { NOT_STARTED, type LessonProgress } from '../../src/core/progress/progress';
import { courseProgress, lessonToContinue } from '../../src/core/progress/resume';

const lessons = ['a', 'b', 'c', 'd'].map((key) => ({ key }));
const of = (data: Record<string, Partial<LessonProgress>>) => (key: string): LessonProgress => ({ ...NOT_STARTED, ...data[key] });

describe('progress: continue where you left off', function () {
  it('goes to the in-progress lesson touched last, by opening or by running', function () {
    const progress = of({
      a: { status: 'in-progress', lastOpened: '2026-01-01T10:00:00Z' },
      b: { status: 'in-progress', lastOpened: '2026-01-01T09:00:00Z', lastRun: '2026-01-01T11:00:00Z' },
      c: { status: 'passed', lastOpened: '2026-01-02T00:00:00Z' },
    });
    assert.equal(lessonToContinue(lessons, progress)?.key, 'b');
  });

  it('skips passed lessons however recent, and falls back to the first lesson not passed in course order', function () {
    assert.equal(lessonToContinue(lessons, of({ a: { status: 'passed', lastOpened: '2026-01-03T00:00:00Z' } }))?.key, 'b');
    assert.equal(lessonToContinue(lessons, of({}))?.key, 'a');
  });

  it('has nowhere to go when every lesson passed', function () {
    const all = Object.fromEntries(lessons.map((l) => [l.key, { status: 'passed' as const }]));
    assert.equal(lessonToContinue(lessons, of(all)), undefined);
  });

  it('counts the course progress', function () {
    assert.deepEqual(courseProgress(lessons, of({ a: { status: 'passed' }, c: { status: 'passed' }, d: { status: 'in-progress' } })), { passed: 2, total: 4, label: '2 / 4 passed' });
  });
});
