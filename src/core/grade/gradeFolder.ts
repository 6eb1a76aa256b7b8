// Grades a learner's lesson folders (`<root>/<lesson-id>/`, as the extension writes them)
// against a pack: each lesson is staged in a temporary folder and run by the editor's own
// runners, with the editor's limits, a few lessons at a time.
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { cachedDependencies } from '../deps/lessonDeps';
import { Catalog } from '../lessons/catalog';
import { isBroken, type Lesson, type Problem } from '../lessons/model';
import type { ModelClient } from '../model/types';
import { effectiveLimits, runCodeChecks, type AiProvider } from '../runner/codeRunner';
import { mapLimit } from '../runner/limit';
import { runPromptChecks, type PromptModel } from '../runner/promptRunner';
import type { RunResult } from '../runner/result';
import type { SandboxPool } from '../runner/sandboxPool';
import { learnerDirFor } from '../workspace/learnerFiles';
import { gradeOf, ungraded } from './fromRun';
import { attempted, stageAttempt } from './stage';
import type { GradeReport, GradeStatus, LessonGrade } from './types';
import type { LessonRunEnv } from '../runner/runEnv';

/** timeoutMs and memoryMb are the editor's defaults (10 s, 256 MB); a lesson's own `limits` are minimums on top. */
export interface GradeEnv extends LessonRunEnv {
  /** One pool per lesson graded at a time (each keeps its own warm processes); disposed at the end. */
  newPool: () => SandboxPool;
}

export interface GradeOptions {
  /** Only these lesson ids or tracks (`rag/`); a named lesson without a folder fails. */
  only: string[];
  jobs: number;
  /** A live model for prompt lessons' cases and code lessons' `ai.chat`; none: cases "need a model". */
  model?: { client: ModelClient; chatModel: string; baseUrl: string; embed?: PromptModel['embed'] };
  onLesson?: (grade: LessonGrade) => void;
}

/** The folder that holds the lesson folders: the one given, or its `ai-dojo/` when that is where they are. */
export function lessonRoot(given: string, lessons: readonly Lesson[]): string {
  const hasAny = (root: string) => lessons.some((l) => existsSync(learnerDirFor(root, l)));
  const nested = path.join(given, 'ai-dojo');
  return !hasAny(given) && existsSync(nested) && statSync(nested).isDirectory() ? nested : given;
}

function matches(id: string, only: string[]): boolean {
  return !only.length || only.some((o) => id === o || id.startsWith(o.endsWith('/') ? o : `${o}/`));
}

function describeProblem(packDir: string, p: Problem): string {
  return `${path.relative(packDir, p.file) || p.file}${p.field ? ` ${p.field}` : ''}: ${p.message}`;
}

function emptyCounts(): Record<GradeStatus, number> {
  return { passed: 0, failed: 0, 'needs-model': 0, 'not-attempted': 0 };
}

export async function gradeFolder(learnerDir: string, packDir: string, env: GradeEnv, opts: GradeOptions): Promise<GradeReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const catalog = await Catalog.load([packDir], env.files);
  const pack = catalog.packs[0];
  const report: GradeReport = {
    learnerDir,
    pack: { dir: packDir, id: pack?.id ?? '', version: pack?.version ?? '' },
    ...(opts.model ? { model: { baseUrl: opts.model.baseUrl, model: opts.model.chatModel } } : {}),
    ok: false,
    counts: emptyCounts(),
    lessons: [],
    problems: catalog.problems.map((p) => describeProblem(packDir, p)),
    startedAt,
    durationMs: 0,
  };
  if (!pack) {
    if (!report.problems.length) report.problems.push(`No pack.json in ${packDir}: --pack names a lesson pack folder (the one with pack.json).`);
    return finish(report, started);
  }
  const entries = pack.tracks.flatMap((t) => t.entries).filter((e) => matches(e.id, opts.only));
  if (opts.only.length && !entries.length) report.problems.push(`No lesson of ${pack.id} matches ${opts.only.join(', ')}.`);
  const lessons = entries.filter((e): e is Lesson => !isBroken(e));
  const root = lessonRoot(learnerDir, lessons);
  report.learnerDir = root;
  const jobs = Math.max(1, Math.min(opts.jobs, lessons.length));
  const pools = Array.from({ length: jobs }, () => env.newPool());
  const free = [...pools];
  try {
    report.lessons = await mapLimit(lessons, jobs, async (lesson) => {
      const pool = free.pop() as SandboxPool;
      try {
        const grade = await gradeLesson(lesson, root, env, pool, opts);
        opts.onLesson?.(grade);
        return grade;
      } finally {
        free.push(pool);
      }
    });
  } finally {
    for (const p of pools) p.dispose();
  }
  return finish(report, started);
}

function finish(report: GradeReport, started: number): GradeReport {
  report.counts = emptyCounts();
  for (const l of report.lessons) report.counts[l.status]++;
  report.ok = report.problems.length === 0 && report.counts.failed === 0;
  report.durationMs = performance.now() - started;
  return report;
}

async function gradeLesson(lesson: Lesson, root: string, env: GradeEnv, pool: SandboxPool, opts: GradeOptions): Promise<LessonGrade> {
  const dir = learnerDirFor(root, lesson);
  const folder = path.relative(root, dir).split(path.sep).join('/');
  if (env.signal?.aborted) return ungraded(lesson, folder, 'failed', 'Not graded: stopped.');
  if (!attempted(lesson, dir)) {
    // Named with --lesson: the assignment is missing. Otherwise the learner has not started it.
    const named = opts.only.includes(lesson.id);
    return ungraded(lesson, folder, named ? 'failed' : 'not-attempted', `No ${folder}/ with ${lesson.files.join(', ')} in ${root}${named ? ': the lesson was asked for with --lesson' : ''}.`);
  }
  let nodeModules: string | undefined;
  if (lesson.kind === 'code' && lesson.dependencies && Object.keys(lesson.dependencies).length) {
    try {
      if (!env.depsCache) throw new Error('no folder to install them in');
      nodeModules = await cachedDependencies(env.depsCache, lesson.dependencies);
    } catch (e) {
      return ungraded(lesson, folder, 'failed', `The lesson's npm dependencies could not be installed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const staged = await stageAttempt(lesson, dir, nodeModules);
  try {
    const run = await runLesson(lesson, staged.dir, env, pool, opts);
    const grade = gradeOf(lesson, folder, run);
    if (staged.skipped.length) grade.message = `${grade.message ? `${grade.message} ` : ''}Symlinks were left out: ${staged.skipped.join(', ')}.`;
    return grade;
  } catch (e) {
    return ungraded(lesson, folder, 'failed', `The lesson could not be graded: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    staged.dispose();
  }
}

function runLesson(lesson: Lesson, dir: string, env: GradeEnv, pool: SandboxPool, opts: GradeOptions): Promise<RunResult> {
  const limits = effectiveLimits(lesson, env);
  const m = opts.model;
  if (lesson.kind === 'prompt') {
    const model: PromptModel | undefined = m ? { client: m.client, chatModel: m.chatModel, temperature: 0, concurrency: 4, endpoint: m.baseUrl, embed: m.embed ?? env.embed } : undefined;
    return runPromptChecks({ lesson, learnerDir: dir, files: env.files, ...(model ? { model } : {}), pool, gradeTimeoutMs: limits.timeoutMs, memoryMb: limits.memoryMb, ...(env.signal ? { signal: env.signal } : {}) });
  }
  const ai: AiProvider = {
    embed: env.embed,
    chat: async (call, signal) => {
      if (!m) throw new Error('No chat model for the grader: set AI_DOJO_VERIFY_BASE_URL and AI_DOJO_VERIFY_MODEL.');
      const r = await m.client.chat({ model: m.chatModel, messages: call.messages, temperature: call.temperature, maxTokens: call.maxTokens, signal });
      return { text: r.text, usage: r.usage };
    },
  };
  return runCodeChecks({ lesson, learnerDir: dir, pool, files: env.files, ...limits, ai, ...(env.signal ? { signal: env.signal } : {}) });
}
