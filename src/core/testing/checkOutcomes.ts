import type { Lesson } from '../lessons/model';
import type { CaseResult, CheckResult, CodeLocation, RunResult } from '../runner/result';
import { lessonCheckItems } from './lessonCheckItems';

export type TestState = 'passed' | 'failed' | 'errored' | 'skipped';

export interface OutcomeMessage {
  text: string;
  expected?: string;
  actual?: string;
  /**
   * Shown in the learner's files: at `location` (a syntax error's line) when given, else at the
   * declaration of `call` when it is found, else at the entry file's start. Absent: not located.
   */
  at?: { call?: string; location?: CodeLocation };
}

export interface ItemOutcome {
  state: TestState;
  messages: OutcomeMessage[];
  durationMs?: number;
  /** Console output or model answers that belong to this item. */
  output?: string;
}

export interface LessonOutcomes {
  lesson: ItemOutcome;
  /** By the ids of lessonCheckItems(). */
  items: Map<string, ItemOutcome>;
}

/** Runs that never got to grade the learner's work: the process or the model failed, not the learner's answer. */
const STOPPED = new Set<RunResult['outcome']>(['error', 'timeout', 'crashed']);

/**
 * How one Run Checks result reads as test states: passed and failed checks as they are, checks a
 * run that could not complete never reached as errored (with why), and not-run checks of a
 * cancelled run as skipped.
 */
export function checkOutcomes(lesson: Lesson, result: RunResult): LessonOutcomes {
  const stopped = STOPPED.has(result.outcome);
  const why = result.message ?? `The run ended with “${result.outcome}”.`;
  // Code that could not load is one error at its line, on the lesson: its checks were simply not
  // run (a message per check would repeat it a dozen times in the editor).
  const loadFailed = result.outcome === 'error' && result.location !== undefined;
  const notReached = (reason: string | undefined, at: OutcomeMessage['at']): ItemOutcome =>
    stopped && !loadFailed ? { state: 'errored', messages: [{ text: reason && reason !== why ? `${reason} ${why}` : why, at }] } : { state: 'skipped', messages: [] };

  const items = new Map<string, ItemOutcome>();
  for (const item of lessonCheckItems(lesson)) {
    const [kind, n] = item.id.split(':');
    const index = Number(n);
    if (kind === 'case') {
      items.set(item.id, caseOutcome(result.cases?.find((c) => c.index === index), result, notReached));
      continue;
    }
    const at = { ...(item.call ? { call: item.call } : {}) };
    const check = result.checks.find((c) => c.index === index);
    if (!check || check.status === 'not-run') items.set(item.id, notReached(check?.reason, at));
    else if (check.status === 'passed') items.set(item.id, { state: 'passed', messages: [], durationMs: check.durationMs, output: logs(check) });
    // The check that was running when the run was stopped carries the run's message as its reason.
    else if (stopped && check.reason === result.message) items.set(item.id, { state: 'errored', messages: [{ text: check.reason, at }], durationMs: check.durationMs, output: logs(check) });
    else items.set(item.id, { state: 'failed', messages: [failure(check, '', at)], durationMs: check.durationMs, output: logs(check) });
  }

  const lessonOutcome: ItemOutcome =
    result.modelError?.kind === 'not-configured'
      ? noModelOutcome(result)
      : result.outcome === 'passed'
        ? { state: 'passed', messages: [] }
        : result.outcome === 'failed'
          ? { state: 'failed', messages: [{ text: `${result.passed} of ${result.total} ${lesson.kind === 'prompt' ? 'checks and cases' : 'checks'} passed.` }] }
          : result.outcome === 'cancelled'
            ? { state: 'skipped', messages: [] }
            : { state: 'errored', messages: [{ text: why, at: result.location ? { location: result.location } : {} }] };
  return { lesson: { ...lessonOutcome, durationMs: result.durationMs, ...(result.output ? { output: result.output } : {}) }, items };
}

/**
 * No model configured: the offline checks count as they are and the cases were not run. The
 * lesson says so once, in the test results (no location: nothing to mark in the learner's file).
 */
function noModelOutcome(result: RunResult): ItemOutcome {
  const passed = result.checks.filter((c) => c.status === 'passed').length;
  const cases = result.cases?.length ?? 0;
  return { state: 'errored', messages: [{ text: `Offline checks: ${passed} of ${result.checks.length} passed; ${cases} case${cases === 1 ? '' : 's'} need${cases === 1 ? 's' : ''} a model. ${result.modelError?.action ?? ''}`.trim() }] };
}

function logs(check: CheckResult): string | undefined {
  return check.logs.length ? check.logs.join('\n') : undefined;
}

function failure(check: CheckResult, prefix: string, at: OutcomeMessage['at']): OutcomeMessage {
  return {
    text: `${prefix}${check.reason}${check.hint ? `\nHint: ${check.hint}` : ''}`,
    ...(check.expected !== undefined && check.actual !== undefined ? { expected: check.expected, actual: check.actual } : {}),
    at,
  };
}

function caseOutcome(c: CaseResult | undefined, result: RunResult, notReached: (reason: string | undefined, at: OutcomeMessage['at']) => ItemOutcome): ItemOutcome {
  const at = {};
  if (!c) return notReached(undefined, at);
  const output = c.runs.map((r, i) => `${c.runs.length > 1 ? `Run ${i + 1}: ` : ''}${r.error ? `[${r.error.kind}] ${r.error.message}` : r.text}`).join('\n');
  const durationMs = Math.max(0, ...c.runs.map((r) => r.latencyMs ?? 0));
  if (c.status === 'passed') return { state: 'passed', messages: [], durationMs, output };
  // Without a configured model the case was not run: not a failure, and nothing to mark in the file.
  if (result.modelError?.kind === 'not-configured') return { state: 'skipped', messages: [] };
  const answered = c.runs.filter((r) => !r.error);
  if (!answered.length) {
    const error = c.runs.find((r) => r.error && r.error.kind !== 'cancelled')?.error ?? result.modelError;
    return error ? { state: 'errored', messages: [{ text: `${error.message} ${error.action}`.trim(), at }], output } : { state: 'skipped', messages: [] };
  }
  const failedRun = answered.find((r) => !r.pass);
  const prefix = c.runs.length > 1 && failedRun ? `Run ${c.runs.indexOf(failedRun) + 1} of ${c.runs.length}: ` : '';
  const messages: OutcomeMessage[] = (failedRun?.checks ?? []).filter((k) => k.status !== 'passed').map((k) => failure({ ...k, reason: `${k.name} — ${k.reason}` }, prefix, at));
  if (c.runs.length > 1) {
    const passes = c.runs.filter((r) => r.pass).length;
    messages.push({ text: `Passed ${passes} of ${c.runs.length} runs; needs ${Math.round(c.minPassRate * 100)}%.`, at });
  }
  if (!messages.length) messages.push({ text: 'The case did not pass.', at });
  return { state: 'failed', messages, durationMs, output };
}
