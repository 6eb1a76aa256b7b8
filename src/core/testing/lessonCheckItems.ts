import { describeCheck } from '../checks/describe';
import type { Lesson } from '../lessons/model';

/** What a lesson is made of as tests: each check of a code lesson, each static check and case of a prompt lesson. */
export interface CheckItem {
  /** Unique among the lesson's items and stable across reloads: `check:2`, `static:0`, `case:1`. */
  id: string;
  label: string;
  description?: string;
  /** Code lessons: the function the check calls, where its failures are shown. */
  call?: string;
}

export function lessonCheckItems(lesson: Lesson): CheckItem[] {
  if (lesson.kind === 'prompt') {
    return [
      ...(lesson.staticChecks ?? []).map((spec, i) => ({ id: `static:${i}`, label: describeCheck(spec), description: 'prompt text' })),
      ...(lesson.cases ?? []).map((c, i) => ({ id: `case:${i}`, label: c.name, description: (c.repeat ?? 1) > 1 ? `case, ${c.repeat} runs` : 'case' })),
    ];
  }
  return lesson.checks.map((spec, i) => {
    const call = spec.call ?? lesson.call;
    return { id: `check:${i}`, label: describeCheck(spec, lesson.call), ...(call ? { call } : {}) };
  });
}
