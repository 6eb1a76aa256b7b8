// The runner's entry to property checks: what codeRunner calls for a check of type "property",
// with callers into the learner's process and the reference's (src/core/runner/learnerProcess.ts).
import type { CheckSpec } from '../../lessons/schema';
import type { CheckOutcome } from '../types';
import { runPropertyCheck, seedOf } from './runProperty';
import type { Caller, CompareCustom, CustomCompareInput } from './types';

/** The fixed seed of a lesson's check: the same inputs on every machine and every run. */
export function defaultSeed(lessonId: string, checkIndex: number): number {
  return seedOf(`${lessonId}#${checkIndex}`);
}

/**
 * Runs check `index` of `lesson` (fixtures already resolved into `spec`) as the runner does:
 * the lesson's `call` as default, its seed fixed by lesson id and position.
 */
export function propertyForRun(
  lesson: { id: string; call?: string },
  index: number,
  spec: CheckSpec,
  callers: { learner: Caller; reference: Caller },
  opts: { signal?: AbortSignal; compareCustom?: CompareCustom } = {},
): Promise<CheckOutcome> {
  return runPropertyCheck(spec, callers, { ...opts, defaultCall: lesson.call, defaultSeed: defaultSeed(lesson.id, index) });
}

/**
 * A `compare: "javascript"` evaluated as a `javascript` check in the grading process: the runner
 * passes its grader (e.g. items => gradeInSandbox(items, opts)). The expression sees actual,
 * expected and args; it may also be a function body with `return`, as javascript checks may.
 */
export function compareInGrader(
  grade: (items: { spec: CheckSpec; input: { output: unknown; args: unknown[] } }[]) => Promise<CheckOutcome[]>,
  threshold?: number,
): CompareCustom {
  return async (expression: string, input: CustomCompareInput) => {
    const source = JSON.stringify(expression);
    // Compiled and run in the grader only: the host builds a string, never evaluates it.
    const value =
      `(function (actual, expected, args) { let f; ` +
      `try { f = new Function('actual', 'expected', 'args', 'return (' + ${source} + '\\n);'); } ` +
      `catch (e) { if (!(e instanceof SyntaxError)) throw e; f = new Function('actual', 'expected', 'args', ${source}); } ` +
      `return f(actual, expected, args); })(output.actual, output.expected, output.args)`;
    const [o] = await grade([{ spec: { type: 'javascript', value, ...(threshold !== undefined ? { threshold } : {}) }, input: { output: input, args: input.args } }]);
    if (!o) throw new Error('The grader returned no result.');
    if (/^The check's expression threw/.test(o.reason) || /^The check's expression returned/.test(o.reason)) throw new Error(o.reason);
    return { pass: o.pass, reason: o.reason };
  };
}
