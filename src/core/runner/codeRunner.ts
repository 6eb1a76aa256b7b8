import * as path from 'node:path';
import { describeCheck } from '../checks/describe';
import { compareInGrader, propertyForRun } from '../checks/property/forRun';
import type { CheckInput, CheckOutcome } from '../checks/types';
import type { FilePort } from '../lessons/files';
import { resolveFixtures } from '../lessons/fixtures';
import type { Lesson } from '../lessons/model';
import type { CheckSpec } from '../lessons/schema';
import { REQUESTS_ROUTE } from '../model/requestsRoute';
import { startCheckServers, type CheckServers } from './checkServers';
import { Grader } from './gradeInSandbox';
import { LearnerProcess, ProcessEnded, startReferenceProcess, type AiProvider, type CallOutcome, type Caller, type LearnerEnd } from './learnerProcess';
import { summarize, type CheckResult, type CodeLocation, type RunOutcome, type RunResult } from './result';
import type { SandboxPool } from './sandboxPool';
import { fnv1a } from '../util/seeded';

export type { AiProvider } from './learnerProcess';

export interface CodeRunOptions {
  lesson: Lesson;
  /** The learner's copy of the lesson files. */
  learnerDir: string;
  /** Where sandbox processes come from; a warm one is used when there is one. */
  pool: SandboxPool;
  files: FilePort;
  /** Text to use instead of what is on disk (unsaved editor content), by absolute path. */
  sources?: Record<string, string>;
  /** What `import { ai } from 'ai-dojo'` reaches in learner code; undefined: no model access. */
  ai?: AiProvider;
  timeoutMs: number;
  memoryMb: number;
  signal?: AbortSignal;
  /** After each check; `passed` lets a caller stop at the first failure (mutants). */
  onProgress?: (done: number, total: number, checkName: string, passed: boolean) => void;
  maxOutputChars?: number;
  /**
   * Debug the learner's code: the sandbox waits for a debugger on this port until the promise
   * settles (the editor attaches), and there is no time limit (the learner may pause).
   */
  debug?: (port: number) => Promise<void>;
}

/** A lesson's `limits` are minimums: frameworks take longer to load than plain code. */
export function effectiveLimits(lesson: Lesson, base: { timeoutMs: number; memoryMb: number }): { timeoutMs: number; memoryMb: number } {
  return {
    timeoutMs: Math.max(base.timeoutMs, (lesson.limits?.timeoutSeconds ?? 0) * 1000),
    memoryMb: Math.max(base.memoryMb, lesson.limits?.memoryMb ?? 0),
  };
}

const OOM = /heap out of memory|Reached heap limit|Allocation failed/i;

/** The state of one run, shared by the named steps below. */
interface Run {
  opts: CodeRunOptions;
  checks: CheckResult[];
  /** Check index by call id, for logs. */
  callIndex: Map<number, number>;
  /** Calls made so far by each check (by index): the seed of the next one. */
  callsPerCheck: Map<number, number>;
  running: number | null;
  output: string;
  outcome?: RunOutcome;
  message?: string;
  location?: CodeLocation;
  /** The reference solution's process, for property checks (started on the first one). */
  reference?: Promise<LearnerProcess>;
}

/**
 * Runs a code lesson's checks against the learner's files. Three parties: the learner's process
 * (loads the code, calls a function when asked, never sees an expected value), a grader process
 * (grades outputs, never loads learner code) and this one, which orchestrates both and never
 * runs either kind of code.
 */
export async function runCodeChecks(opts: CodeRunOptions): Promise<RunResult> {
  const started = performance.now();
  const run: Run = { opts, checks: initialResults(opts.lesson), callIndex: new Map(), callsPerCheck: new Map(), running: null, output: '' };
  const resolved = (await resolveFixtures(opts.lesson.checks, opts.lesson.dir, opts.files, opts.lesson.packDir)) as CheckSpec[];
  const servers = resolved.some((c) => c.server) ? await startCheckServers(resolved) : undefined;
  const proc = startLearner(run);
  const grader = new Grader({ pool: opts.pool, timeoutMs: opts.timeoutMs, memoryMb: opts.memoryMb, ...(opts.signal ? { signal: opts.signal } : {}) });
  const onAbort = () => proc.stop({ kind: 'cancelled' });
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  try {
    await runAll(run, proc, grader, servers?.specs ?? resolved, servers);
  } catch (e) {
    if (!(e instanceof ProcessEnded)) throw e;
    explainEnd(run, e.end, proc.stderr);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    proc.dispose();
    void run.reference?.then((r) => r.dispose(), () => undefined);
    grader.dispose();
    void servers?.close();
    opts.pool.prewarm(opts.memoryMb, access(opts));
  }
  if (proc.ignored) run.output += `\n[ai-dojo] Ignored ${proc.ignored} message(s) from the code's process that answered nothing asked.\n`;
  return result(run, proc, started);
}

function access(opts: CodeRunOptions) {
  return { learnerDir: opts.learnerDir, childProcesses: opts.lesson.limits?.childProcesses ?? false };
}

function initialResults(lesson: Lesson): CheckResult[] {
  return lesson.checks.map((spec, index) => ({
    index,
    name: describeCheck(spec, lesson.call),
    type: spec.type,
    status: 'not-run',
    score: 0,
    reason: 'Not run.',
    ...(spec.hint ? { hint: spec.hint } : {}),
    logs: [],
  }));
}

function startLearner(run: Run): LearnerProcess {
  const { opts } = run;
  const child = opts.debug ? opts.pool.spawnForDebugging(opts.memoryMb) : opts.pool.take(opts.memoryMb, access(opts));
  return new LearnerProcess(child, {
    memoryMb: opts.memoryMb,
    ...(opts.ai ? { ai: opts.ai } : {}),
    maxOutputChars: opts.maxOutputChars ?? 64_000,
    onLog: (call, stream, text) => {
      const line = stream === 'error' ? `[error] ${text}` : text;
      const index = call === null ? undefined : run.callIndex.get(call);
      if (index === undefined) run.output += line + '\n';
      else run.checks[index].logs.push(line);
    },
  });
}

/** Loads the code, then calls and grades each check in turn. Throws ProcessEnded when the process ends early. */
async function runAll(run: Run, proc: LearnerProcess, grader: Grader, specs: CheckSpec[], servers: CheckServers | undefined): Promise<void> {
  const { opts } = run;
  if (opts.debug) await attachDebugger(proc, opts.debug);
  else proc.startClock(opts.timeoutMs);
  const entryPath = path.join(opts.learnerDir, opts.lesson.entryFile);
  const loaded = await proc.load({ entryPath, learnerDir: opts.learnerDir, sources: opts.sources ?? {} });
  if (!loaded.ok) {
    run.outcome = 'error';
    run.message = loaded.message;
    if (loaded.location) run.location = loaded.location;
    const where = loaded.location ? `fix ${loaded.location.file}, line ${loaded.location.line} first` : 'the code could not be loaded';
    for (const c of run.checks) c.reason = `Not run: ${where}.`;
    return;
  }
  for (const [index, spec] of specs.entries()) {
    run.running = index;
    const fn = spec.call ?? opts.lesson.call ?? '';
    const c = run.checks[index];
    if (!loaded.functions.includes(fn)) {
      Object.assign(c, { status: 'failed', durationMs: 0, reason: missingExport(entryPath, fn, loaded.functions) });
    } else if (spec.type === 'property') {
      await propertyCheck(run, proc, grader, index, spec);
    } else {
      const outcome = await callOnce(run, proc, index, fn, spec.args ?? []);
      const requests = servers?.urls[index] ? await recordedRequests(servers.urls[index], c) : undefined;
      await grade(c, grader, spec, outcome, requests);
    }
    run.running = null;
    opts.onProgress?.(index + 1, run.checks.length, c.name, c.status === 'passed');
  }
}

function missingExport(entryPath: string, fn: string, found: string[]): string {
  return `${path.basename(entryPath)} does not export a function named "${fn}"${found.length ? ` (it exports: ${found.join(', ')})` : ''}.`;
}

async function callOnce(run: Run, proc: LearnerProcess, index: number, fn: string, args: unknown[]): Promise<CallOutcome> {
  // Seeded by the check and the call's number in it: the same on a full run and a single check.
  const n = (run.callsPerCheck.get(index) ?? 0) + 1;
  run.callsPerCheck.set(index, n);
  const call = proc.call(fn, args, fnv1a(`${run.checks[index].name}#${n}`));
  // Set before any message of the call can arrive (they are handled on a later turn).
  run.callIndex.set(proc.lastCallId, index);
  return call;
}

/**
 * A property check: the learner's function and the reference's (a process of its own, started on
 * the first property check of the run) on the same generated inputs; a `javascript` comparison
 * runs in the grader. The inputs are generated here: plain data from a seed, no lesson code.
 */
async function propertyCheck(run: Run, proc: LearnerProcess, grader: Grader, index: number, spec: CheckSpec): Promise<void> {
  const { opts } = run;
  const c = run.checks[index];
  const started = performance.now();
  let outcome: CheckOutcome;
  try {
    run.reference ??= startReferenceProcess({ pool: opts.pool, lesson: opts.lesson, memoryMb: opts.memoryMb, timeoutMs: opts.timeoutMs, ...(opts.ai ? { ai: opts.ai } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
    const reference = await run.reference;
    const learner: Caller = (fn, args) => callOnce(run, proc, index, fn, args);
    outcome = await propertyForRun(opts.lesson, index, spec, { learner, reference: reference.caller }, {
      ...(opts.signal ? { signal: opts.signal } : {}),
      compareCustom: compareInGrader((items) => grader.grade(items), spec.threshold),
    });
  } catch (e) {
    if (e instanceof ProcessEnded) throw e;
    outcome = { pass: false, score: 0, reason: `The property check could not run: ${e instanceof Error ? e.message : String(e)}` };
  }
  const { pass, ...rest } = outcome;
  Object.assign(c, rest, { status: pass ? 'passed' : 'failed', durationMs: performance.now() - started });
}

/** Grades one call's outcome in the grader; a value that could not leave the learner's process fails as such. */
async function grade(c: CheckResult, grader: Grader, spec: CheckSpec, outcome: CallOutcome, requests: unknown[] | undefined): Promise<void> {
  if (outcome.invalid !== undefined) {
    Object.assign(c, { status: 'failed', score: 0, durationMs: outcome.durationMs, reason: `The function returned a value the checks cannot read: ${outcome.invalid}` });
    return;
  }
  const input: CheckInput = { output: outcome.output, ...(outcome.error ? { error: outcome.error } : {}), args: spec.args ?? [], ...(requests ? { requests } : {}) };
  const [graded] = await grader.grade([{ spec, input, ...(outcome.snapshot ? { snapshot: true } : {}) }]);
  const { pass, ...rest } = graded;
  Object.assign(c, rest, { status: pass ? 'passed' : 'failed', durationMs: outcome.durationMs });
}

/** What the learner's code sent to the check's scripted server, read here (not by learner code). */
async function recordedRequests(url: string, c: CheckResult): Promise<unknown[]> {
  try {
    const res = await fetch(url + REQUESTS_ROUTE);
    return (await res.json()) as unknown[];
  } catch (e) {
    c.logs.push(`[error] Could not read the scripted server's requests: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
}

/** Waits until the editor's debugger is attached (breakpoints are set by then); no time limit. */
function attachDebugger(proc: LearnerProcess, debug: (port: number) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const stderr = proc.child.stderr;
    const onInspector = (d: Buffer) => {
      seen += d.toString();
      const port = /Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(seen)?.[1];
      if (!port) return;
      stderr?.off('data', onInspector);
      debug(Number(port)).then(resolve, (e: unknown) => {
        proc.stop({ kind: 'error', message: `Could not attach the debugger: ${e instanceof Error ? e.message : String(e)}` });
        reject(new ProcessEnded({ kind: 'error', message: `Could not attach the debugger: ${e instanceof Error ? e.message : String(e)}` }));
      });
    };
    stderr?.on('data', onInspector);
    void proc.ended.then((end) => reject(new ProcessEnded(end)));
  });
}

/** The run's outcome and message when the learner's process ended before the last check. */
function explainEnd(run: Run, end: LearnerEnd, stderr: string): void {
  const { opts, running } = run;
  const where = running !== null ? ` during "${run.checks[running].name}"` : '';
  const outOfMemory = `Out of memory${where}: the code used more than ${opts.memoryMb} MB. Look for data that grows without bound.`;
  const [outcome, message]: [RunOutcome, string] =
    end.kind === 'timeout'
      ? ['timeout', `Stopped after ${opts.timeoutMs / 1000} s${where}: the code was still running. Look for an infinite loop or a promise that never settles.`]
      : end.kind === 'memory'
        ? ['crashed', outOfMemory]
        : end.kind === 'cancelled'
          ? ['cancelled', 'Cancelled.']
          : end.kind === 'error'
            ? ['crashed', end.message]
            : end.kind === 'exited' && OOM.test(stderr)
              ? ['crashed', outOfMemory]
              : ['crashed', `The process running the code stopped unexpectedly${where} (${exitText(end)}).${tail(stderr)}`];
  run.outcome = outcome;
  run.message = message;
  if (running !== null && run.checks[running].status === 'not-run') Object.assign(run.checks[running], { status: 'failed', reason: message });
}

function exitText(end: LearnerEnd): string {
  if (end.kind !== 'exited') return end.kind;
  return end.signal ? `signal ${end.signal}` : `exit code ${end.code}`;
}

function tail(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() && !/ExperimentalWarning|--trace-warnings/.test(l));
  return lines.length ? ` ${lines.slice(-3).join(' ')}` : '';
}

function result(run: Run, proc: LearnerProcess, started: number): RunResult {
  const { checks, outcome } = run;
  for (const c of checks) if (c.status === 'not-run' && outcome !== 'error') c.reason = `Not run: ${outcome === 'cancelled' ? 'the run was cancelled' : 'the run stopped before this check'}.`;
  const sum = summarize(checks);
  return {
    lessonKey: run.opts.lesson.key,
    outcome: outcome ?? (sum.passed === sum.total ? 'passed' : 'failed'),
    ...(run.message ? { message: run.message } : {}),
    ...(run.location ? { location: run.location } : {}),
    checks,
    ...sum,
    durationMs: performance.now() - started,
    output: proc.output + run.output,
    finishedAt: new Date().toISOString(),
  };
}
