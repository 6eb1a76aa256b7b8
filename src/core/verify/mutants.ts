// Mutation analysis (`verify --mutants`): each mutant of a code lesson's reference solution is
// run against the lesson's checks exactly as a wrong solution is (its one changed file over
// solution/, in a temporary folder). A mutant the checks let pass is a mistake a learner could
// make and still see "passed"; the share they catch is the lesson's mutation score.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedDependencies } from '../deps/lessonDeps';
import type { Lesson } from '../lessons/model';
import { effectiveLimits } from '../runner/codeRunner';
import type { RunResult } from '../runner/result';
import type { SandboxPool } from '../runner/sandboxPool';
import { oneLine } from './format';
import { mutationFiles } from './mutantsFiles';
import { generateMutants, type MutantSpec } from './mutantsGenerate';
import type { LessonReport, MutantResult, MutationReport } from './types';
import { failuresOf, runCodeVariant, type VariantEnv } from './variants';

export interface MutationOptions {
  /** A lesson below this score (percent) fails. */
  minScore: number;
  /** Also lessons with npm dependencies (installed once, like the verifier does). */
  withDeps: boolean;
  /** One sandbox pool per mutant run at a time: their number bounds the concurrency. */
  pools: SandboxPool[];
  signal?: AbortSignal;
  onProgress?: (lessonId: string, done: number, total: number) => void;
}

type Equivalent = NonNullable<NonNullable<Lesson['mutants']>['equivalent']>[number];

const flat = (code: string) => code.replace(/\s+/g, ' ').trim();

/** An entry matches on file, line and replacement (in full, or as the report shortened it). */
function matches(e: Equivalent, m: MutantSpec): boolean {
  return e.file === m.file && e.line === m.start.line + 1 && (flat(e.replacement) === flat(m.replacement) || flat(e.replacement) === oneLine(m.replacement));
}

function emptyReport(minScore: number, status: MutationReport['status'], reason?: string): MutationReport {
  return { status, ...(reason ? { reason } : {}), minScore, total: 0, killed: 0, survived: 0, equivalent: 0, ignored: 0, timeouts: 0, crashes: 0, errors: 0, mutants: [], stale: [], durationMs: 0 };
}

/** What a run of the checks on a mutant says about it. */
function judge(r: RunResult): Pick<MutantResult, 'status' | 'detail'> {
  if (r.outcome === 'passed') return { status: 'survived' };
  if (r.outcome === 'failed') return { status: 'killed', detail: r.checks.find((c) => c.status === 'failed')?.name ?? failuresOf(r)[0] };
  const status = r.outcome === 'timeout' ? 'timeout' : r.outcome === 'error' ? 'error' : 'crashed';
  return { status, detail: oneLine(r.message ?? r.outcome, 160) };
}

/** Runs one mutant: its file alone in a folder, staged over solution/ as a wrong solution is. */
async function runMutant(env: VariantEnv, lesson: Lesson, m: MutantSpec, nodeModules?: string): Promise<RunResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-mutant-'));
  try {
    mkdirSync(path.dirname(path.join(dir, m.file)), { recursive: true });
    writeFileSync(path.join(dir, m.file), m.source);
    return await runCodeVariant(env, lesson, dir, path.join(lesson.dir, 'solution'), nodeModules);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `work` on every item with at most `lanes` at once; stops taking items once `stop()` says so. */
async function inLanes<T>(items: T[], lanes: number, stop: () => boolean, work: (item: T, lane: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (n: number) => {
    while (next < items.length && !stop()) await work(items[next++], n);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, (_, n) => lane(n)));
}

export async function mutateLesson(env: VariantEnv, lesson: Lesson, opts: MutationOptions): Promise<MutationReport> {
  const started = performance.now();
  const finish = (r: MutationReport) => ({ ...r, durationMs: performance.now() - started });
  const deps = lesson.dependencies && Object.keys(lesson.dependencies).length ? lesson.dependencies : undefined;
  if (deps && !opts.withDeps) return finish(emptyReport(opts.minScore, 'skipped', 'the lesson has npm dependencies (add --mutants-deps to include it)'));
  const nodeModules = deps && env.depsCache ? await cachedDependencies(env.depsCache, deps) : undefined;

  const solution = path.join(lesson.dir, 'solution');
  const files = mutationFiles(lesson);
  const inGiven = (m: MutantSpec) => (files.given[m.file] ?? []).some(([a, b]) => m.start.line + 1 >= a && m.start.line + 1 <= b);
  const specs = (await generateMutants(solution, files.mutate)).filter((m) => !inGiven(m));
  const equivalents = lesson.mutants?.equivalent ?? [];
  const report: MutationReport = { ...emptyReport(opts.minScore, 'done'), skippedFiles: files.skipped };
  report.total = specs.length;
  report.stale = equivalents.filter((e) => !specs.some((m) => matches(e, m))).map(({ file, line, replacement }) => ({ file, line, replacement }));
  if (specs.length === 0) return finish(report);

  // The reference first (Stryker's dry run): it must pass, and its time sets the mutants' limit.
  const baseline = await runCodeVariant(env, lesson, solution, undefined, nodeModules);
  if (opts.signal?.aborted) return finish({ ...report, status: 'cancelled' });
  if (baseline.outcome !== 'passed') return finish({ ...emptyReport(opts.minScore, 'skipped', `the reference solution does not pass (${baseline.outcome})`), total: specs.length });
  report.timeoutMs = Math.min(effectiveLimits(lesson, env).timeoutMs, Math.round(baseline.durationMs * 1.5 + 5000));
  // The lesson's own time limit is a minimum for learners; a mutant gets the limit above.
  const quick: Lesson = { ...lesson, ...(lesson.limits ? { limits: { ...lesson.limits, timeoutSeconds: undefined } } : {}) };

  const results: (MutantResult | undefined)[] = specs.map(() => undefined);
  let done = 0;
  await inLanes(specs.map((m, i) => ({ m, i })), opts.pools.length, () => Boolean(opts.signal?.aborted), async ({ m, i }, lane) => {
    const base = { file: m.file, line: m.start.line + 1, column: m.start.column + 1, mutator: m.mutator, original: m.original, replacement: m.replacement };
    if (m.ignored) {
      results[i] = { ...base, status: 'ignored', detail: m.ignored };
    } else {
      const r = await runMutant({ ...env, pool: opts.pools[lane], timeoutMs: report.timeoutMs as number, signal: opts.signal, bail: true }, quick, m, nodeModules);
      if (r.outcome === 'cancelled') return;
      const verdict = judge(r);
      const eq = verdict.status === 'survived' ? equivalents.find((e) => matches(e, m)) : undefined;
      results[i] = { ...base, ...(eq ? { status: 'equivalent', detail: eq.reason } : verdict), durationMs: Math.round(r.durationMs) };
    }
    opts.onProgress?.(lesson.id, ++done, specs.length);
  });

  report.mutants = results.filter((r): r is MutantResult => Boolean(r));
  // An entry whose mutant a check kills was marked by mistake (or a new check now tells it apart).
  const killedEquivalents = specs.filter((m, i) => results[i] && results[i]!.status !== 'survived' && results[i]!.status !== 'equivalent' && results[i]!.status !== 'ignored' && equivalents.some((e) => matches(e, m)));
  if (killedEquivalents.length) report.killedEquivalents = killedEquivalents.map((m) => ({ file: m.file, line: m.start.line + 1, replacement: oneLine(m.replacement) }));
  const count = (...s: MutantResult['status'][]) => report.mutants.filter((r) => s.includes(r.status)).length;
  Object.assign(report, {
    status: report.mutants.length < specs.length ? 'cancelled' : 'done',
    killed: count('killed', 'timeout', 'crashed', 'error'),
    survived: count('survived'),
    equivalent: count('equivalent'),
    ignored: count('ignored'),
    timeouts: count('timeout'),
    crashes: count('crashed'),
    errors: count('error'),
  });
  const counted = report.killed + report.survived;
  if (counted > 0) report.score = (100 * report.killed) / counted;
  return finish(report);
}

/** Adds the mutation results to a lesson's report: a score below the minimum fails it. */
export function addMutation(lesson: LessonReport, m: MutationReport): void {
  lesson.mutation = m;
  if (m.status === 'done' && m.score !== undefined && m.score < m.minScore) {
    lesson.problems.push(
      `Mutation score ${Math.floor(m.score)}% is below ${m.minScore}%: ${m.survived} mutant(s) of the reference pass every check (listed below). ` +
        'Add a check that tells each from the reference, or mark a mutant no check can catch as equivalent in lesson.json `mutants.equivalent`, with the reason.',
    );
  }
  if (m.status === 'done' && m.total === 0) lesson.warnings.push('No mutants: the learner\'s solution files hold no code the mutation tool can change.');
  for (const k of m.killedEquivalents ?? []) lesson.warnings.push(`lesson.json mutants.equivalent ${k.file}:${k.line} → ${oneLine(k.replacement)} is killed by a check, so it is not equivalent: remove it.`);
  for (const s of m.stale) lesson.warnings.push(`lesson.json mutants.equivalent ${s.file}:${s.line} → ${oneLine(s.replacement)} matches no mutant any more: update or remove it.`);
  lesson.ok = lesson.problems.length === 0;
}

/** The hook verifyPack calls after each code lesson. */
export function mutationHook(env: VariantEnv, opts: MutationOptions): (lesson: Lesson, report: LessonReport) => Promise<void> {
  return async (lesson, report) => {
    try {
      addMutation(report, await mutateLesson(env, lesson, opts));
    } catch (e) {
      report.problems.push(`Mutation analysis failed: ${e instanceof Error ? e.message : String(e)}`);
      report.ok = false;
    }
  };
}
