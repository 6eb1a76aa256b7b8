// Progress as a file the learner keeps: export to JSON, read it back (validated), merge it in.
// Version 2 adds what a team report needs (first run, the recent runs with their failing checks,
// the extension and pack versions); version 1 files still import.
import * as z from 'zod/mini';
import '../zodConfig';
import { formatPath } from '../lessons/jsonLocation';
import { firstRunOf, normalizeRuns, RUN_HISTORY_LIMIT, type LessonProgress, type LessonStatus, type RunRecord } from './progress';

export const PROGRESS_EXPORT_FORMAT = 'ai-dojo-progress';
/** The version Export Progress writes. */
export const PROGRESS_EXPORT_VERSION = 2;
/** Every version this build reads (older files have fewer fields). */
export const PROGRESS_EXPORT_VERSIONS: readonly number[] = [1, 2];

export interface ProgressExportEntry {
  lesson: string;
  /** The lesson's title when it was exported, for a person reading the file; ignored on import. */
  title?: string;
  status: LessonStatus;
  attempts: number;
  bestScore: number;
  hintsShown: number;
  /** v2: hints the model gave (Ask for a Hint); absent when none. */
  modelHints?: number;
  /** v2: when the first counted run happened (absent when it is not known). */
  firstRun?: string;
  lastRun?: string;
  passedAt?: string;
  lastOpened?: string;
  /** v2: the latest runs, oldest first; the last one's `failed` lists the checks it failed. */
  runs?: RunRecord[];
}

/** v2: what the file was exported from, so a report can tell versions and packs apart. */
export interface ExportSource {
  extensionVersion?: string;
  packs?: { id: string; version: string }[];
}

export interface ProgressExport extends ExportSource {
  format: typeof PROGRESS_EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  lessons: ProgressExportEntry[];
}

// Offsets are accepted for hand-edited files; dates are stored as UTC ISO strings after parsing.
const isoDate = z.iso.datetime({ offset: true });
const count = z.number().check(z.int(), z.gte(0));
const runSchema = z.strictObject({
  at: isoDate,
  outcome: z.enum(['passed', 'failed', 'error', 'timeout', 'cancelled', 'crashed']),
  passed: count,
  total: count,
  failed: z.array(z.string()),
});

const entrySchema = z.strictObject({
  lesson: z.string().check(z.regex(/^[^:\s]+:\S+$/, 'expected a lesson key like "ai-dojo:rag/chunker"')),
  title: z.optional(z.string()),
  status: z.enum(['not-started', 'in-progress', 'passed']),
  attempts: count,
  bestScore: z.number().check(z.gte(0), z.lte(1)),
  hintsShown: count,
  modelHints: z.optional(count),
  firstRun: z.optional(isoDate),
  lastRun: z.optional(isoDate),
  passedAt: z.optional(isoDate),
  lastOpened: z.optional(isoDate),
  runs: z.optional(z.array(runSchema)),
});

const exportSchema = z.strictObject({
  format: z.literal(PROGRESS_EXPORT_FORMAT),
  version: z.number(),
  exportedAt: isoDate,
  extensionVersion: z.optional(z.string()),
  packs: z.optional(z.array(z.strictObject({ id: z.string(), version: z.string() }))),
  lessons: z.array(entrySchema),
});

/** v1 had none of the v2 fields: a v1 file that has one is refused, as it always was. */
const V2_ENTRY_FIELDS = ['firstRun', 'runs', 'modelHints'] as const;
const V2_FIELDS = ['extensionVersion', 'packs'] as const;

/** A stored date as UTC ISO, or undefined when it does not parse (it would make the whole file fail to import). */
function isoOrUndefined(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The runs worth exporting: well-formed, with dates that parse (stored as UTC ISO). */
function exportRuns(runs: RunRecord[] | undefined): RunRecord[] {
  return normalizeRuns(runs).flatMap((r) => {
    const at = isoOrUndefined(r.at);
    return at ? [{ ...r, at }] : [];
  });
}

/** The document Export Progress writes: every stored lesson, sorted by key so two exports diff cleanly. */
export function exportProgress(all: Record<string, LessonProgress>, titles: (lessonKey: string) => string | undefined, now: Date = new Date(), source: ExportSource = {}): ProgressExport {
  const lessons = Object.keys(all)
    .sort()
    .map((lesson): ProgressExportEntry => {
      const p = all[lesson];
      const title = titles(lesson);
      const firstRun = isoOrUndefined(firstRunOf(p));
      const lastRun = isoOrUndefined(p.lastRun);
      const passedAt = isoOrUndefined(p.passedAt);
      const lastOpened = isoOrUndefined(p.lastOpened);
      const runs = exportRuns(p.runs);
      return {
        lesson,
        ...(title !== undefined ? { title } : {}),
        status: p.status,
        attempts: p.attempts,
        bestScore: p.bestScore,
        hintsShown: p.hintsShown,
        ...(p.modelHints ? { modelHints: p.modelHints } : {}),
        ...(firstRun ? { firstRun } : {}),
        ...(lastRun ? { lastRun } : {}),
        ...(passedAt ? { passedAt } : {}),
        ...(lastOpened ? { lastOpened } : {}),
        ...(runs.length ? { runs } : {}),
      };
    });
  return {
    format: PROGRESS_EXPORT_FORMAT,
    version: PROGRESS_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    ...(source.extensionVersion ? { extensionVersion: source.extensionVersion } : {}),
    ...(source.packs?.length ? { packs: source.packs.map(({ id, version }) => ({ id, version })) } : {}),
    lessons,
  };
}

export type ParsedProgressExport =
  | { ok: true; progress: Record<string, LessonProgress>; lessons: number; version: number; exportedAt: string; source: ExportSource; titles: Record<string, string> }
  | { ok: false; error: string };

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
  if (typeof head.version !== 'number' || !PROGRESS_EXPORT_VERSIONS.includes(head.version)) {
    return { ok: false, error: `version: this file is version ${shown(head.version)}; this AI Dojo reads versions ${PROGRESS_EXPORT_VERSIONS.join(' and ')}. Update AI Dojo to import it.` };
  }
  const result = exportSchema.safeParse(json);
  if (result.success && head.version === 1) {
    const v2 = v2FieldIn(result.data);
    if (v2) return { ok: false, error: `${v2}: a version 1 file has no such field (version 2 has). Set "version": 2, or remove the field.` };
  }
  if (!result.success) {
    const issues = result.error.issues;
    const first = issues[0];
    const keys = first.code === 'unrecognized_keys' ? first.keys : [];
    const field = formatPath(keys.length ? [...first.path, keys[0]] : first.path);
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    return { ok: false, error: `${field ? `${field}: ` : ''}${first.message}${more}` };
  }
  // Merged in place: a copy per entry made 10,000 lessons take over a minute.
  const progress: Record<string, LessonProgress> = {};
  const titles: Record<string, string> = {};
  for (const e of result.data.lessons) {
    const p = entryProgress(e);
    if (e.title !== undefined) titles[e.lesson] = e.title;
    progress[e.lesson] = Object.hasOwn(progress, e.lesson) ? mergeLesson(progress[e.lesson], p) : p;
  }
  const { data } = result;
  const source: ExportSource = { ...(data.extensionVersion ? { extensionVersion: data.extensionVersion } : {}), ...(data.packs ? { packs: data.packs } : {}) };
  return { ok: true, progress, lessons: Object.keys(progress).length, version: head.version, exportedAt: isoOrUndefined(data.exportedAt) ?? data.exportedAt, source, titles };
}

/** The first v2-only field of a document, as a path (`lessons[2].runs`), or undefined. */
function v2FieldIn(doc: z.infer<typeof exportSchema>): string | undefined {
  const top = V2_FIELDS.find((f) => doc[f] !== undefined);
  if (top) return top;
  for (const [i, e] of doc.lessons.entries()) {
    const f = V2_ENTRY_FIELDS.find((k) => e[k] !== undefined);
    if (f) return `lessons[${i}].${f}`;
  }
  return undefined;
}

function entryProgress(e: z.infer<typeof entrySchema>): LessonProgress {
  const firstRun = isoOrUndefined(e.firstRun);
  const lastRun = isoOrUndefined(e.lastRun);
  const passedAt = isoOrUndefined(e.passedAt);
  const lastOpened = isoOrUndefined(e.lastOpened);
  const runs = e.runs ? normalizeRuns(e.runs.map((r) => ({ ...r, at: isoOrUndefined(r.at) ?? r.at }))) : [];
  return {
    status: e.status,
    attempts: e.attempts,
    bestScore: e.bestScore,
    hintsShown: e.hintsShown,
    ...(e.modelHints ? { modelHints: e.modelHints } : {}),
    ...(firstRun ? { firstRun } : {}),
    ...(lastRun ? { lastRun } : {}),
    ...(passedAt ? { passedAt } : {}),
    ...(lastOpened ? { lastOpened } : {}),
    ...(runs.length ? { runs } : {}),
  };
}

/** A value for an error message, short; never throws (a value nested 100,000 deep overflows JSON.stringify). */
function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v !== null && typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
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
  const firstRun = pickDate(a.firstRun, b.firstRun, false);
  const runs = mergeRuns(a.runs, b.runs);
  return {
    status: RANK[b.status] > RANK[a.status] ? b.status : a.status,
    attempts: Math.max(a.attempts, b.attempts),
    bestScore: Math.max(a.bestScore, b.bestScore),
    hintsShown: Math.max(a.hintsShown, b.hintsShown),
    ...(a.modelHints || b.modelHints ? { modelHints: Math.max(a.modelHints ?? 0, b.modelHints ?? 0) } : {}),
    ...(firstRun !== undefined ? { firstRun } : {}),
    ...(lastRun !== undefined ? { lastRun } : {}),
    ...(passedAt !== undefined ? { passedAt } : {}),
    ...(lastOpened !== undefined ? { lastOpened } : {}),
    ...(runs.length ? { runs } : {}),
  };
}

/** Both histories as one, each run once (same time and result), oldest first, the latest kept. */
function mergeRuns(a: RunRecord[] | undefined, b: RunRecord[] | undefined): RunRecord[] {
  if (!b?.length) return a ?? [];
  if (!a?.length) return b;
  const seen = new Map<string, RunRecord>();
  for (const r of [...a, ...b]) seen.set(`${r.at}|${r.outcome}|${r.passed}/${r.total}`, r);
  return [...seen.values()].sort((x, y) => Date.parse(x.at) - Date.parse(y.at)).slice(-RUN_HISTORY_LIMIT);
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
