// What `ai-dojo grade` reports: one entry per lesson of the pack, one per check (or case) inside.
import type { RunOutcome } from '../runner/result';

/**
 * passed / failed: as the editor would show it. needs-model: a prompt lesson whose offline checks
 * pass but whose cases need a model and none is set (not a failure). not-attempted: no folder.
 */
export type GradeStatus = 'passed' | 'failed' | 'needs-model' | 'not-attempted';

export interface GradedCheck {
  /** `check` of a code lesson, `static` check or `case` of a prompt lesson. */
  kind: 'check' | 'static' | 'case';
  name: string;
  /** not-run: the run stopped before it (timeout, crash, load error); needs-model: no model set. */
  status: 'passed' | 'failed' | 'not-run' | 'needs-model';
  reason: string;
  type?: string;
  expected?: string;
  actual?: string;
  durationMs?: number;
}

export interface LessonGrade {
  id: string;
  key: string;
  title: string;
  kind: 'code' | 'prompt';
  status: GradeStatus;
  /** The learner's folder for the lesson, relative to the learner folder given. */
  folder: string;
  /** The runner's outcome (absent when nothing ran). */
  outcome?: RunOutcome;
  /** Why the run as a whole did not complete, or why nothing ran. */
  message?: string;
  passed: number;
  total: number;
  score: number;
  durationMs: number;
  checks: GradedCheck[];
  /** Console output outside any check (code lessons), cut to a few KB. */
  output?: string;
}

export interface GradeReport {
  /** The folder that holds the `<lesson-id>/` folders. */
  learnerDir: string;
  pack: { dir: string; id: string; version: string };
  model?: { baseUrl: string; model: string };
  /** true when no lesson failed (needs-model and not-attempted are not failures). */
  ok: boolean;
  counts: Record<GradeStatus, number>;
  lessons: LessonGrade[];
  /** Problems with the pack or the arguments (a lesson that does not load, a filter that matches nothing). */
  problems: string[];
  startedAt: string;
  durationMs: number;
}
