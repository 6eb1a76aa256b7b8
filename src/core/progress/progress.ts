import { failedCheckNames } from '../feedback/outcomes';
import type { RunResult } from '../runner/result';

export type LessonStatus = 'not-started' | 'in-progress' | 'passed';

export interface LessonProgress {
  status: LessonStatus;
  attempts: number;
  /** Best score of any run, 0..1. */
  bestScore: number;
  /** ISO time of the first counted run (absent when it was made before this was recorded). */
  firstRun?: string;
  /** ISO time of the last run. */
  lastRun?: string;
  passedAt?: string;
  /** ISO time the lesson was last opened (Continue where you left off). */
  lastOpened?: string;
  hintsShown: number;
  /** Hints the learner asked the model for and got (Ask for a Hint); absent when none. */
  modelHints?: number;
  /** The latest runs, oldest first, at most RUN_HISTORY_LIMIT (feedback between runs, team reports). */
  runs?: RunRecord[];
}

/** One counted run, kept small: when, how it went, and which checks failed (by name). */
export interface RunRecord {
  at: string;
  outcome: RunResult['outcome'];
  passed: number;
  total: number;
  failed: string[];
}

export const RUN_HISTORY_LIMIT = 20;

export const NOT_STARTED: LessonProgress = Object.freeze({ status: 'not-started', attempts: 0, bestScore: 0, hintsShown: 0 });

/** Where progress lives (VS Code's globalState in the editor, memory in tests). */
export interface ProgressStore {
  get(lessonKey: string): LessonProgress;
  all(): Record<string, LessonProgress>;
  set(lessonKey: string, progress: LessonProgress): Promise<void>;
  /** Replaces every lesson's progress at once (import, reset all: `{}`). */
  replaceAll(all: Record<string, LessonProgress>): Promise<void>;
}

/** Opening a lesson starts it (it never moves a passed lesson back) and records when. */
export function opened(p: LessonProgress, at: string = new Date().toISOString()): LessonProgress {
  return { ...p, status: p.status === 'not-started' ? 'in-progress' : p.status, lastOpened: at };
}

/**
 * A run counts as an attempt unless it was cancelled or could not reach a model because none is
 * configured (only the offline checks ran); once passed, a lesson stays passed.
 */
export function recordRun(p: LessonProgress, run: RunResult): LessonProgress {
  if (run.outcome === 'cancelled' || run.modelError?.kind === 'not-configured') return p;
  const passed = run.outcome === 'passed';
  const firstRun = firstRunOf(p) ?? (p.attempts === 0 ? run.finishedAt : undefined);
  return {
    ...p,
    ...(firstRun ? { firstRun } : {}),
    attempts: p.attempts + 1,
    bestScore: Math.max(p.bestScore, run.score),
    lastRun: run.finishedAt,
    status: passed || p.status === 'passed' ? 'passed' : 'in-progress',
    ...(passed && !p.passedAt ? { passedAt: run.finishedAt } : {}),
    runs: [...(p.runs ?? []), runRecord(run)].slice(-RUN_HISTORY_LIMIT),
  };
}

/** The first run's time: recorded, or the oldest kept run when the history still holds every attempt. */
export function firstRunOf(p: LessonProgress): string | undefined {
  return p.firstRun ?? (p.runs?.length && p.runs.length === p.attempts ? p.runs[0].at : undefined);
}

export function runRecord(run: RunResult): RunRecord {
  // Named as the verifier names them (case checks as "case › check"): runs compare by these names.
  const failed = failedCheckNames(run);
  return { at: run.finishedAt, outcome: run.outcome, passed: run.passed, total: run.total, failed };
}

const OUTCOMES: readonly string[] = ['passed', 'failed', 'error', 'timeout', 'cancelled', 'crashed'];

/** Keeps the well-formed records of a stored history (older versions have none). */
export function normalizeRuns(raw: unknown): RunRecord[] {
  if (!Array.isArray(raw)) return [];
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const runs: RunRecord[] = [];
  for (const r of raw.slice(-RUN_HISTORY_LIMIT) as Partial<RunRecord>[]) {
    if (!r || typeof r !== 'object' || typeof r.at !== 'string' || !OUTCOMES.includes(r.outcome as string)) continue;
    const passed = count(r.passed);
    const total = count(r.total);
    if (passed === undefined || total === undefined || passed > total) continue;
    const failed = Array.isArray(r.failed) ? r.failed.filter((f): f is string => typeof f === 'string') : [];
    runs.push({ at: r.at, outcome: r.outcome as RunRecord['outcome'], passed, total, failed });
  }
  return runs;
}

export function hintShown(p: LessonProgress, hintCount: number): LessonProgress {
  return { ...opened(p), hintsShown: Math.min(hintCount, p.hintsShown + 1) };
}

/** A hint from the model was shown: it counts as a hint, like the lesson's own. */
export function modelHintShown(p: LessonProgress): LessonProgress {
  return { ...opened(p), modelHints: (p.modelHints ?? 0) + 1 };
}

/** Every hint the learner saw: the lesson's and the model's. */
export function hintsTaken(p: LessonProgress): number {
  return p.hintsShown + (p.modelHints ?? 0);
}

/** Reads whatever was stored (older versions, hand edits) into a valid progress record. */
export function normalize(raw: unknown): LessonProgress {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<LessonProgress>;
  const status: LessonStatus = r.status === 'passed' || r.status === 'in-progress' ? r.status : 'not-started';
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  const runs = normalizeRuns(r.runs);
  return {
    status,
    attempts: Math.floor(num(r.attempts)),
    bestScore: Math.min(1, num(r.bestScore)),
    hintsShown: Math.floor(num(r.hintsShown)),
    ...(num(r.modelHints) >= 1 ? { modelHints: Math.floor(num(r.modelHints)) } : {}),
    ...(typeof r.firstRun === 'string' ? { firstRun: r.firstRun } : {}),
    ...(typeof r.lastRun === 'string' ? { lastRun: r.lastRun } : {}),
    ...(typeof r.passedAt === 'string' ? { passedAt: r.passedAt } : {}),
    ...(typeof r.lastOpened === 'string' ? { lastOpened: r.lastOpened } : {}),
    ...(runs.length ? { runs } : {}),
  };
}

export class MemoryProgressStore implements ProgressStore {
  constructor(private readonly data: Record<string, LessonProgress> = {}) {}
  get(key: string): LessonProgress {
    return this.data[key] ?? NOT_STARTED;
  }
  all(): Record<string, LessonProgress> {
    return { ...this.data };
  }
  async set(key: string, p: LessonProgress): Promise<void> {
    this.data[key] = p;
  }
  async replaceAll(all: Record<string, LessonProgress>): Promise<void> {
    for (const key of Object.keys(this.data)) delete this.data[key];
    Object.assign(this.data, all);
  }
}
