// Verifies every lesson of a pack folder, in pack order, one at a time (each lesson runs its
// variants in a sandbox process; one at a time keeps the machine usable and the output ordered).
import * as path from 'node:path';
import { Catalog } from '../lessons/catalog';
import type { FilePort } from '../lessons/files';
import { isBroken, type Lesson, type Problem } from '../lessons/model';
import type { LessonReport, PackReport } from './types';
import { verifyLesson, type VerifyOptions } from './verifyLesson';
import type { VariantEnv } from './variants';

/** `lesson.json field (line n): message`, the field said once. */
function describeProblem(packDir: string, p: Problem): string {
  const message = p.field && p.message.startsWith(`${p.field}: `) ? p.message.slice(p.field.length + 2) : p.message;
  return `${path.relative(packDir, p.file) || p.file}${p.field ? ` ${p.field}` : ''}${p.line >= 0 ? ` (line ${p.line + 1})` : ''}: ${message}`;
}

export interface VerifyPackOptions extends VerifyOptions {
  /** Only these lesson ids (all when empty). */
  only?: string[];
  onLesson?: (report: LessonReport) => void;
  /** Before each lesson: says which one is next (for progress). */
  onStart?: (lessonId: string, index: number, total: number) => void;
  /** Stops between lessons; the report then holds the lessons verified so far. */
  signal?: AbortSignal;
  /** After each code lesson (`verify --mutants`): adds mutation results to its report. */
  mutate?: (lesson: Lesson, report: LessonReport) => Promise<void>;
}

export async function verifyPack(packDir: string, env: VariantEnv & { files: FilePort }, opts: VerifyPackOptions): Promise<PackReport> {
  const started = performance.now();
  const catalog = await Catalog.load([packDir], env.files);
  const report: PackReport = { pack: packDir, ok: false, lessons: [], problems: [], durationMs: 0, ...(opts.live ? { live: { baseUrl: opts.live.baseUrl, model: opts.live.model, runs: opts.runs } } : {}) };
  const pack = catalog.packs[0];
  if (!pack) {
    report.problems.push(...catalog.problems.map((p) => describeProblem(packDir, p)));
    if (!report.problems.length) report.problems.push(`No pack.json in ${packDir}.`);
    report.durationMs = performance.now() - started;
    return report;
  }
  const wanted = (id: string) => !opts.only?.length || opts.only.some((o) => id === o || id.startsWith(o.endsWith('/') ? o : `${o}/`));
  const entries = pack.tracks.flatMap((t) => t.entries).filter((e) => wanted(e.id));
  for (const [index, entry] of entries.entries()) {
    if (opts.signal?.aborted) {
      report.problems.push(`Cancelled after ${report.lessons.length} of ${entries.length} lessons.`);
      break;
    }
    opts.onStart?.(entry.id, index, entries.length);
    let lesson: LessonReport;
    if (isBroken(entry)) {
      lesson = {
        id: entry.id,
        kind: 'unknown',
        ok: false,
        problems: entry.problems.map((p) => describeProblem(packDir, p)),
        warnings: [],
        checks: 0,
        wrong: [],
        passRates: [],
        durationMs: 0,
      };
    } else {
      try {
        lesson = await verifyLesson(env, entry, opts);
        if (opts.mutate && entry.kind === 'code' && !opts.signal?.aborted) await opts.mutate(entry, lesson);
      } catch (e) {
        lesson = { id: entry.id, kind: entry.kind, ok: false, problems: [`The verifier failed: ${e instanceof Error ? e.message : String(e)}`], warnings: [], checks: 0, wrong: [], passRates: [], durationMs: 0 };
      }
    }
    report.lessons.push(lesson);
    opts.onLesson?.(lesson);
  }
  if (opts.only?.length && report.lessons.length === 0) report.problems.push(`No lesson matches ${opts.only.join(', ')}.`);
  report.ok = report.problems.length === 0 && report.lessons.every((l) => l.ok);
  report.durationMs = performance.now() - started;
  return report;
}
