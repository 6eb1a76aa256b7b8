import type { LessonProgress } from './progress';

/** The last time a learner worked on a lesson: opened it, or ran its checks. */
function lastTouched(p: LessonProgress): string {
  const a = p.lastOpened ?? '';
  const b = p.lastRun ?? '';
  return a > b ? a : b;
}

/**
 * Where "Continue where you left off" goes: the lesson in progress that was touched last; with
 * none in progress, the first lesson not yet passed in course order; undefined when all passed.
 */
export function lessonToContinue<L extends { key: string }>(lessons: readonly L[], progressOf: (key: string) => LessonProgress): L | undefined {
  let best: { lesson: L; at: string } | undefined;
  for (const lesson of lessons) {
    const p = progressOf(lesson.key);
    if (p.status !== 'in-progress') continue;
    const at = lastTouched(p);
    if (!best || at > best.at) best = { lesson, at };
  }
  return best?.lesson ?? lessons.find((l) => progressOf(l.key).status !== 'passed');
}

/** "12 / 37 passed": the course's progress for the Lessons view's description. */
export function courseProgress(lessons: readonly { key: string }[], progressOf: (key: string) => LessonProgress): { passed: number; total: number; label: string } {
  const passed = lessons.filter((l) => progressOf(l.key).status === 'passed').length;
  return { passed, total: lessons.length, label: `${passed} / ${lessons.length} passed` };
}
