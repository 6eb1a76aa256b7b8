// Verifies one lesson the way its learners will meet it: the reference passes every check, the
// starter loads and fails at least one, every wrong solution kept under wrong/<name>/ fails at
// least one, every file it names exists and it has hints; every right variant under right/<name>/
// passes, and every rule lesson.json states has a check and a wrong solution. With runs > 1 (or a
// live model) the reference runs again and again, and a check that neither always passes nor
// always fails is flaky.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveFixtures } from '../lessons/fixtures';
import type { Lesson } from '../lessons/model';
import type { CaseSpec } from '../lessons/schema';
import { cachedDependencies } from '../deps/lessonDeps';
import type { RunResult } from '../runner/result';
import { LiveGuard, liveRuns } from './liveGuard';
import { repliesWarnings, type Replies } from './authoring';
import { variantNames, verifyRightVariants } from './right';
import { ruleFindings } from './rules';
import { checkOutcomes, failedCheckNames } from '../feedback/outcomes';
import { checkRecordedMistakes, recordMistakes } from './mistakes';
import type { LessonReport } from './types';
import { failuresOf, runCodeVariant, runPromptVariant, type LiveModel, type VariantEnv } from './variants';

export interface VerifyOptions {
  /** How many times the reference runs (default 1). */
  runs: number;
  /** A real endpoint: prompt lessons' references also run there, `runs` times, for pass rates. */
  live?: LiveModel;
  /** Shared by a pack's lessons: an endpoint that failed is not waited on again (one per lesson without it). */
  liveGuard?: LiveGuard;
  /** Write the checks each wrong solution fails (in each of four runs) into lesson.json (`wrong.<name>.fails`) instead of comparing them. */
  recordMistakes?: boolean;
}

function rates(runs: RunResult[], live: boolean): LessonReport['passRates'] {
  const tally = new Map<string, { pass: number; n: number }>();
  for (const r of runs) {
    for (const [name, pass] of checkOutcomes(r)) {
      const t = tally.get(name) ?? { pass: 0, n: 0 };
      t.n++;
      if (pass) t.pass++;
      tally.set(name, t);
    }
  }
  return [...tally].map(([check, t]) => ({ check, passRate: t.pass / t.n, runs: t.n, flaky: t.pass > 0 && t.pass < t.n, live }));
}

function missingFiles(lesson: Lesson): string[] {
  const want = [lesson.instructions, ...lesson.files.flatMap((f) => [`starter/${f}`, `solution/${f}`])];
  return want.filter((rel) => !existsSync(path.join(lesson.dir, rel)));
}

export async function verifyLesson(env: VariantEnv, lesson: Lesson, opts: VerifyOptions): Promise<LessonReport> {
  const started = performance.now();
  const report: LessonReport = { id: lesson.id, kind: lesson.kind, ok: false, problems: [], warnings: [], checks: 0, wrong: [], passRates: [], durationMs: 0 };
  const done = (): LessonReport => {
    report.ok = report.problems.length === 0;
    report.durationMs = performance.now() - started;
    return report;
  };

  for (const rel of missingFiles(lesson)) report.problems.push(`${rel} does not exist.`);
  if (lesson.hints.length === 0) report.problems.push('The lesson has no hints: give at least one, better two (a nudge, then nearly the answer).');
  else if (lesson.hints.length === 1) report.warnings.push('Only one hint: learners do better with two or more, from a nudge to nearly the answer.');
  let cases: CaseSpec[] = [];
  try {
    await resolveFixtures(lesson.checks, lesson.dir, env.files, lesson.packDir);
    if (lesson.kind === 'prompt') cases = (await resolveFixtures(lesson.cases ?? [], lesson.dir, env.files, lesson.packDir)) as CaseSpec[];
  } catch (e) {
    report.problems.push(`A fixture could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (report.problems.length) return done();

  const solution = path.join(lesson.dir, 'solution');
  const wrongDir = path.join(lesson.dir, 'wrong');
  const wrongNames = variantNames(lesson.dir, 'wrong');
  const rightNames = variantNames(lesson.dir, 'right');
  if (wrongNames.length === 0) report.warnings.push('No wrong solutions under wrong/<mistake>/: nothing shows that the checks catch a common mistake.');

  let replies: Replies | undefined;
  if (lesson.kind === 'prompt') {
    const file = path.join(lesson.dir, 'verify', 'replies.json');
    if (existsSync(file)) {
      try {
        replies = JSON.parse(readFileSync(file, 'utf8')) as Replies;
        const missing = cases.filter((c) => typeof replies?.reference?.[c.name] !== 'string').map((c) => c.name);
        if (missing.length) report.problems.push(`verify/replies.json has no reference reply for: ${missing.join(', ')}.`);
        report.warnings.push(...repliesWarnings(replies, cases.map((c) => c.name), wrongNames, rightNames));
      } catch (e) {
        report.problems.push(`verify/replies.json is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
    } else if (cases.length) {
      report.warnings.push(
        `No verify/replies.json: the output checks were verified ${opts.live ? 'on the live model only' : 'on no model (only the static checks were)'}. ` +
          'Record a reply per case: {"reference": {"<case>": "…"}, "wrong": {"<case>": "…"}}.',
      );
    }
    if (report.problems.length) return done();
  }

  // Dependencies are installed once per set (cached between runs) and linked into every variant.
  let nodeModules: string | undefined;
  if (lesson.dependencies && Object.keys(lesson.dependencies).length) {
    if (!env.depsCache) {
      report.problems.push('The lesson declares dependencies but the verifier has no folder to install them in.');
      return done();
    }
    try {
      nodeModules = await cachedDependencies(env.depsCache, lesson.dependencies);
    } catch (e) {
      report.problems.push(`Installing the lesson's dependencies failed: ${e instanceof Error ? e.message : String(e)}`);
      return done();
    }
  }

  const run = (dir: string, over?: string, model?: { replies: Record<string, string> } | { live: LiveModel; guard?: LiveGuard }): Promise<RunResult> =>
    lesson.kind === 'code' ? runCodeVariant(env, lesson, dir, over, nodeModules) : runPromptVariant(env, lesson, cases, dir, model ?? { replies: replies?.reference ?? {} }, over);

  // The reference, `runs` times against the scripted model.
  const references: RunResult[] = [];
  for (let i = 0; i < Math.max(1, opts.runs); i++) references.push(await run(solution));
  const first = references[0];
  // Counted as the panel counts them ("n of N checks passed"): a case is one, whatever its checks.
  report.checks = first.total;
  const failing = references.find((r) => r.outcome !== 'passed');
  if (failing) report.problems.push(`The reference solution does not pass: ${failuresOf(failing).slice(0, 3).join(' | ') || failing.outcome}`);
  if (opts.runs > 1) report.passRates.push(...rates(references, false));

  // The same reference against a real model: pass rates, flaky checks, and a failing model fails the lesson.
  if (opts.live && lesson.kind === 'prompt') {
    const { live } = opts;
    const guard = opts.liveGuard ?? new LiveGuard(live);
    const onLive = await liveRuns(live, guard, lesson.id, opts.runs, () => run(solution, undefined, { live, guard }));
    if (onLive.problem) report.problems.push(onLive.problem);
    report.passRates.push(...rates(onLive.runs, true));
  }
  for (const r of report.passRates.filter((p) => p.flaky)) report.problems.push(`Flaky check (passed ${Math.round(r.passRate * 100)}% of ${r.runs} runs${r.live ? ' on the live model' : ''}): ${r.check}`);

  const starter = await run(path.join(lesson.dir, 'starter'));
  report.starter = { passed: starter.passed, total: starter.total };
  if (starter.outcome !== 'failed') {
    report.problems.push(starter.outcome === 'passed' ? 'The starter passes every check: it must fail at least one.' : `The starter must load and fail checks, but the run ended "${starter.outcome}": ${starter.message ?? ''}`);
  }

  for (const name of wrongNames) {
    const r = await run(path.join(wrongDir, name), solution);
    const failedChecks = failedCheckNames(r);
    const caught = r.outcome !== 'passed';
    const entry = lesson.wrong?.[name];
    report.wrong.push({ name, caught, failed: failedChecks.length, failedChecks, ...(entry?.rules ? { rules: entry.rules } : {}), ...(entry?.why ? { why: entry.why } : {}) });
    if (!caught) report.problems.push(`The wrong solution "${name}" passes every check: the checks miss this mistake.`);
  }
  if (lesson.kind === 'prompt' && replies?.wrong && Object.keys(replies.wrong).length) {
    const r = await run(solution, undefined, { replies: { ...replies.reference, ...replies.wrong } });
    const caught = r.outcome !== 'passed' && (r.cases ?? []).some((c) => c.status === 'failed');
    const failedChecks = checkOutcomes(r).filter(([, pass]) => !pass).map(([check]) => check);
    report.wrong.push({ name: 'verify/replies.json wrong replies', caught, failed: failedChecks.length, failedChecks });
    if (!caught) report.problems.push('The wrong replies in verify/replies.json pass every output check: the output checks miss them.');
  } else if (lesson.kind === 'prompt' && replies) {
    report.warnings.push('verify/replies.json has no "wrong" replies: nothing shows that the output checks catch a bad answer.');
  }

  const folders = report.wrong.filter((w) => wrongNames.includes(w.name));
  // Recorded only from a lesson that otherwise verifies: a broken reference or setup would record noise.
  if (opts.recordMistakes && report.problems.length) report.problems.push('The failed checks of the wrong solutions were not recorded: fix the problems above first.');
  else {
    const rerun = async (name: string) => failedCheckNames(await run(path.join(wrongDir, name), solution));
    const found = opts.recordMistakes ? await recordMistakes(lesson, folders, rerun) : await checkRecordedMistakes(lesson, folders, rerun);
    if ('recorded' in found) report.recorded = found.recorded;
    else report.problems.push(...found.problems);
    report.warnings.push(...found.warnings);
  }

  const right = await verifyRightVariants(rightNames, lesson.kind, (name) =>
    run(path.join(lesson.dir, 'right', name), solution, { replies: { ...replies?.reference, ...replies?.right?.[name] } }),
  );
  report.right = right.right;
  const rules = ruleFindings(lesson, wrongNames, report.wrong);
  if (lesson.rules) report.rules = rules.rules;
  report.problems.push(...right.problems, ...rules.problems);
  report.warnings.push(...right.warnings, ...rules.warnings);
  return done();
}
