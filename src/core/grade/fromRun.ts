// A runner's RunResult as a grade: the same checks and reasons the editor's panel shows.
import type { Lesson } from '../lessons/model';
import { NEEDS_MODEL } from '../runner/promptRunner';
import { describePassStats } from '../stats/passRate';
import type { CaseResult, CheckResult, RunResult } from '../runner/result';
import type { GradedCheck, GradeStatus, LessonGrade } from './types';

const MAX_OUTPUT = 4000;

function fromCheck(kind: GradedCheck['kind'], c: CheckResult): GradedCheck {
  return {
    kind,
    name: c.name,
    status: c.status,
    reason: c.reason,
    type: c.type,
    ...(c.expected !== undefined ? { expected: c.expected } : {}),
    ...(c.actual !== undefined ? { actual: c.actual } : {}),
    ...(c.durationMs !== undefined ? { durationMs: c.durationMs } : {}),
  };
}

/** A case: passed, failed with every failing check of every failing run, or waiting for a model. */
function fromCase(c: CaseResult): GradedCheck {
  const needsModel = c.runs.length > 0 && c.runs.every((r) => r.error?.kind === NEEDS_MODEL);
  const repeat = c.runs.length > 1;
  const reasons = c.runs.flatMap((r, i) => {
    const at = repeat ? `run ${i + 1}: ` : '';
    if (r.error) return [`${at}${r.error.message}`];
    return r.checks.filter((k) => k.status !== 'passed').map((k) => `${at}${k.name}: ${k.reason}`);
  });
  const saved = c.callsSaved ? `; stopped early, ${c.callsSaved} call${c.callsSaved === 1 ? '' : 's'} saved` : '';
  const rate = c.stats
    ? ` (${describePassStats(c.stats)}; needs ${Math.round(c.minPassRate * 100)} %${saved})`
    : repeat
      ? ` (passed ${Math.round(c.passRate * 100)}% of ${c.runs.length} runs, needs ${Math.round(c.minPassRate * 100)}%)`
      : '';
  const latency = c.runs.reduce((s, r) => s + (r.latencyMs ?? 0), 0);
  if (needsModel) return { kind: 'case', name: c.name, status: 'needs-model', reason: 'Needs a model: not run.' };
  const status = c.status === 'not-run' ? 'not-run' : c.status;
  const reason = status === 'passed' ? `Every check passed${rate}.` : `${reasons.slice(0, 5).join(' | ') || 'Not run.'}${rate}`;
  const output = c.runs.find((r) => !r.pass && !r.error)?.text;
  return { kind: 'case', name: c.name, status, reason, ...(status === 'failed' && output !== undefined ? { actual: output } : {}), ...(latency ? { durationMs: latency } : {}) };
}

export function gradeOf(lesson: Lesson, folder: string, run: RunResult): LessonGrade {
  const checks = [...run.checks.map((c) => fromCheck(lesson.kind === 'prompt' ? 'static' : 'check', c)), ...(run.cases ?? []).map(fromCase)];
  const failed = checks.some((c) => c.status === 'failed' || c.status === 'not-run');
  const waiting = checks.some((c) => c.status === 'needs-model');
  const noModel = run.modelError?.kind === 'not-configured';
  let status: GradeStatus;
  if (run.outcome === 'passed') status = 'passed';
  else if (noModel && !failed && waiting) status = 'needs-model';
  else status = 'failed';
  const output = run.output.trim();
  return {
    id: lesson.id,
    key: lesson.key,
    title: lesson.title,
    kind: lesson.kind === 'prompt' ? 'prompt' : 'code',
    status,
    folder,
    outcome: run.outcome,
    // The not-configured message speaks of the editor's commands: the grader says what to set.
    ...(run.message && !noModel ? { message: run.message } : {}),
    ...(noModel ? { message: NEEDS_MODEL_MESSAGE } : {}),
    passed: run.passed,
    total: run.total,
    score: run.score,
    durationMs: run.durationMs,
    checks,
    ...(output ? { output: output.length > MAX_OUTPUT ? `${output.slice(0, MAX_OUTPUT)}\n… (cut)` : output } : {}),
  };
}

export const NEEDS_MODEL_MESSAGE = 'Needs a model: the cases of this prompt lesson were not run. Set AI_DOJO_VERIFY_BASE_URL and AI_DOJO_VERIFY_MODEL (and AI_DOJO_VERIFY_API_KEY) to grade them.';

/** A lesson that could not be graded at all (no folder, dependencies that do not install, …). */
export function ungraded(lesson: Lesson, folder: string, status: GradeStatus, message: string): LessonGrade {
  return { id: lesson.id, key: lesson.key, title: lesson.title, kind: lesson.kind === 'prompt' ? 'prompt' : 'code', status, folder, message, passed: 0, total: 0, score: 0, durationMs: 0, checks: [] };
}
