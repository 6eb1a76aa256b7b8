// Progress as a file the learner keeps: export to JSON, read it back (validated), merge it in.
import * as z from 'zod/mini';
import '../zodConfig';
import { formatPath } from '../lessons/jsonLocation';
import type { LessonProgress, LessonStatus } from './progress';

export const PROGRESS_EXPORT_FORMAT = 'ai-dojo-progress';
export const PROGRESS_EXPORT_VERSION = 1;

export interface ProgressExportEntry {
  lesson: string;
  /** The lesson's title when it was exported, for a person reading the file; ignored on import. */
  title?: string;
  status: LessonStatus;
  attempts: number;
  bestScore: number;
  hintsShown: number;
  lastRun?: string;
  passedAt?: string;
  lastOpened?: string;
}

export interface ProgressExport {
  format: typeof PROGRESS_EXPORT_FORMAT;
  version: typeof PROGRESS_EXPORT_VERSION;
  exportedAt: string;
  lessons: ProgressExportEntry[];
}

// Offsets are accepted for hand-edited files; dates are stored as UTC ISO strings after parsing.
const isoDate = z.iso.datetime({ offset: true });
const count = z.number().check(z.int(), z.gte(0));

const entrySchema = z.strictObject({
  lesson: z.string().check(z.regex(/^[^:\s]+:\S+$/, 'expected a lesson key like "ai-dojo:rag/chunker"')),
  title: z.optional(z.string()),
  status: z.enum(['not-started', 'in-progress', 'passed']),
  attempts: count,
  bestScore: z.number().check(z.gte(0), z.lte(1)),
  hintsShown: count,
  lastRun: z.optional(isoDate),
  passedAt: z.optional(isoDate),
  lastOpened: z.optional(isoDate),
});

const exportSchema = z.strictObject({
  format: z.literal(PROGRESS_EXPORT_FORMAT),
  version: z.literal(PROGRESS_EXPORT_VERSION),
  exportedAt: isoDate,
  lessons: z.array(entrySchema),
});

/** A stored date as UTC ISO, or undefined when it does not parse (it would make the whole file fail to import). */
function isoOrUndefined(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The document Export Progress writes: every stored lesson, sorted by key so two exports diff cleanly. */
export function exportProgress(all: Record<string, LessonProgress>, titles: (lessonKey: string) => string | undefined, now: Date = new Date()): ProgressExport {
  const lessons = Object.keys(all)
    .sort()
    .map((lesson): ProgressExportEntry => {
      const p = all[lesson];
      const title = titles(lesson);
      const lastRun = isoOrUndefined(p.lastRun);
      const passedAt = isoOrUndefined(p.passedAt);
      const lastOpened = isoOrUndefined(p.lastOpened);
      return {
        lesson,
        ...(title !== undefined ? { title } : {}),
        status: p.status,
        attempts: p.attempts,
        bestScore: p.bestScore,
        hintsShown: p.hintsShown,
        ...(lastRun ? { lastRun } : {}),
        ...(passedAt ? { passedAt } : {}),
        ...(lastOpened ? { lastOpened } : {}),
      };
    });
  return { format: PROGRESS_EXPORT_FORMAT, version: PROGRESS_EXPORT_VERSION, exportedAt: now.toISOString(), lessons };
}

export type ParsedProgressExport = { ok: true; progress: Record<string, LessonProgress>; lessons: number } | { ok: false; error: string };

/**
 * Reads an exported file. Returns every lesson's progress, or one message that names the field
 * at fault (e.g. `lessons[3].status: …`). A lesson listed twice is merged, never dropped.
 */
export function parseProgressExport(text: string): ParsedProgressExport {
  let json: unknown;
  try {
    // Editors on Windows may save a byte order mark, which JSON.parse rejects.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  // Say "wrong kind of file" or "newer version" plainly before listing field problems.
  const head = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  if (!head || head.format !== PROGRESS_EXPORT_FORMAT) {
    return { ok: false, error: `Not an AI Dojo progress file: format: expected "${PROGRESS_EXPORT_FORMAT}", found ${shown(head?.format)}.` };
  }
  if (head.version !== PROGRESS_EXPORT_VERSION) {
    return { ok: false, error: `version: this file is version ${shown(head.version)}; this AI Dojo reads version ${PROGRESS_EXPORT_VERSION}. Update AI Dojo to import it.` };
  }
  const result = exportSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues;
    const first = issues[0];
    const keys = first.code === 'unrecognized_keys' ? first.keys : [];
    const field = formatPath(keys.length ? [...first.path, keys[0]] : first.path);
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    return { ok: false, error: `${field ? `${field}: ` : ''}${first.message}${more}` };
  }
  let progress: Record<string, LessonProgress> = {};
  for (const e of result.data.lessons) {
    const lastRun = isoOrUndefined(e.lastRun);
    const passedAt = isoOrUndefined(e.passedAt);
    const lastOpened = isoOrUndefined(e.lastOpened);
    const p: LessonProgress = {
      status: e.status,
      attempts: e.attempts,
      bestScore: e.bestScore,
      hintsShown: e.hintsShown,
      ...(lastRun ? { lastRun } : {}),
      ...(passedAt ? { passedAt } : {}),
      ...(lastOpened ? { lastOpened } : {}),
    };
    progress = mergeProgress(progress, { [e.lesson]: p });
  }
  return { ok: true, progress, lessons: Object.keys(progress).length };
}

function shown(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v);
}

const RANK: Record<LessonStatus, number> = { 'not-started': 0, 'in-progress': 1, passed: 2 };

/** The later (or earlier) of two ISO dates; either may be missing. */
function pickDate(a: string | undefined, b: string | undefined, later: boolean): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const [ta, tb] = [Date.parse(a), Date.parse(b)];
  if (Number.isNaN(ta)) return b;
  if (Number.isNaN(tb)) return a;
  if (later) return tb > ta ? b : a;
  return tb < ta ? b : a;
}

/** One lesson's progress from two sources: whatever either has achieved is kept. */
export function mergeLesson(a: LessonProgress, b: LessonProgress): LessonProgress {
  const lastRun = pickDate(a.lastRun, b.lastRun, true);
  const passedAt = pickDate(a.passedAt, b.passedAt, false);
  const lastOpened = pickDate(a.lastOpened, b.lastOpened, true);
  return {
    status: RANK[b.status] > RANK[a.status] ? b.status : a.status,
    attempts: Math.max(a.attempts, b.attempts),
    bestScore: Math.max(a.bestScore, b.bestScore),
    hintsShown: Math.max(a.hintsShown, b.hintsShown),
    ...(lastRun !== undefined ? { lastRun } : {}),
    ...(passedAt !== undefined ? { passedAt } : {}),
    ...(lastOpened !== undefined ? { lastOpened } : {}),
  };
}

/**
 * Imported progress merged into the current one, never losing any: passed beats in progress
 * beats not started, counts and scores take the larger, lastRun and lastOpened the latest, passedAt the earliest.
 * Lessons only one side knows are kept as they are (e.g. from a pack not installed here).
 */
export function mergeProgress(current: Record<string, LessonProgress>, imported: Record<string, LessonProgress>): Record<string, LessonProgress> {
  const out: Record<string, LessonProgress> = { ...current };
  for (const [key, p] of Object.entries(imported)) out[key] = Object.hasOwn(out, key) ? mergeLesson(out[key], p) : p;
  return out;
}
