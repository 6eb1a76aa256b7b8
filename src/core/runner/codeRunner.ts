import * as path from 'node:path';
import { describeCheck } from '../checks/describe';
import type { FilePort } from '../lessons/files';
import { resolveFixtures } from '../lessons/fixtures';
import type { Lesson } from '../lessons/model';
import type { CheckSpec } from '../lessons/schema';
import { startCheckServers } from './checkServers';
import { summarize, type CheckResult, type RunOutcome, type RunResult } from './result';
import type { AiCall, SandboxEvent, SandboxRunRequest } from './sandbox/messages';
import { SandboxPool } from './sandboxPool';

/** The model behind the `ai` helper, as the editor (or a test) provides it. */
export interface AiProvider {
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  chat(call: Extract<AiCall, { op: 'chat' }>, signal?: AbortSignal): Promise<{ text: string; usage?: unknown }>;
}

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

/** Runs a code lesson's checks against the learner's files in a separate, limited process. */
export async function runCodeChecks(opts: CodeRunOptions): Promise<RunResult> {
  const { lesson } = opts;
  const started = performance.now();
  const maxOutput = opts.maxOutputChars ?? 64_000;
  const checks: CheckResult[] = lesson.checks.map((spec, index) => ({
    index,
    name: describeCheck(spec, lesson.call),
    type: spec.type,
    status: 'not-run',
    score: 0,
    reason: 'Not run.',
    ...(spec.hint ? { hint: spec.hint } : {}),
    logs: [],
  }));
  const resolved = (await resolveFixtures(lesson.checks, lesson.dir, opts.files)) as CheckSpec[];
  const servers = resolved.some((c) => c.server) ? await startCheckServers(resolved) : undefined;
  const specs = servers?.specs ?? resolved;
  const request: SandboxRunRequest = {
    type: 'run',
    entryPath: path.join(opts.learnerDir, lesson.entryFile),
    learnerDir: opts.learnerDir,
    sources: opts.sources ?? {},
    defaultCall: lesson.call,
    checks: specs,
    ...(servers ? { serverUrls: servers.urls } : {}),
    maxLogChars: maxOutput,
  };

  return new Promise<RunResult>((resolve) => {
    let output = '';
    let stderr = '';
    let running: number | null = null;
    let done = false;
    let settled = false;
    let message: string | undefined;
    let outcome: RunOutcome | undefined;

    const child = opts.debug ? opts.pool.spawnForDebugging(opts.memoryMb) : opts.pool.take(opts.memoryMb);

    const append = (text: string) => {
      const room = maxOutput - output.length;
      if (room > 0) output += text.length > room ? `${text.slice(0, room)}\n… output truncated` : text;
    };
    child.stdout?.on('data', (d: Buffer) => append(d.toString()));
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 16_000) stderr += d.toString();
    });

    const stop = (why: RunOutcome, text: string) => {
      if (outcome) return;
      outcome = why;
      message = text;
      child.kill('SIGKILL');
    };
    // The time limit is for the learner's code: time spent waiting for the model (ai calls) is
    // added, and it never runs out while a call is pending (the model client has its own timeout).
    let aiMs = 0;
    let aiPending = 0;
    const deadline = () => started + opts.timeoutMs + aiMs;
    let timer: NodeJS.Timeout;
    const arm = () => {
      timer = setTimeout(() => {
        if (aiPending > 0 || performance.now() < deadline()) return arm();
        const name = running !== null ? ` during "${checks[running].name}"` : '';
        stop('timeout', `Stopped after ${opts.timeoutMs / 1000} s${name}: the code was still running. Look for an infinite loop or a promise that never settles.`);
      }, Math.max(aiPending > 0 ? 100 : 10, deadline() - performance.now()));
    };
    if (!opts.debug) arm();
    const onAbort = () => stop('cancelled', 'Cancelled.');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) onAbort();

    child.on('message', (ev: SandboxEvent) => {
      switch (ev.type) {
        case 'start':
          running = ev.index;
          break;
        case 'log': {
          const line = ev.stream === 'error' ? `[error] ${ev.text}` : ev.text;
          if (ev.index === null) append(line + '\n');
          else checks[ev.index]?.logs.push(line);
          break;
        }
        case 'result': {
          const c = checks[ev.index];
          if (!c) break;
          const { pass, ...graded } = ev.outcome;
          Object.assign(c, graded, { status: pass ? 'passed' : 'failed', durationMs: ev.durationMs });
          running = null;
          opts.onProgress?.(ev.index + 1, checks.length, c.name, Boolean(pass));
          break;
        }
        case 'loadError':
          outcome = 'error';
          message = ev.message;
          for (const c of checks) c.reason = 'Not run: the code could not be loaded.';
          break;
        case 'done':
          done = true;
          child.kill('SIGKILL');
          break;
        case 'ai':
          void answerAi(ev.id, ev.call);
          break;
      }
    });

    const aiAbort = new AbortController();
    const answerAi = async (id: number, call: AiCall) => {
      const asked = performance.now();
      aiPending++;
      let reply: { result?: unknown; error?: string };
      try {
        if (!opts.ai) throw new Error('This run has no model: run AI Dojo: Configure Model… (embeddings work offline without one).');
        reply = { result: call.op === 'embed' ? await opts.ai.embed(call.texts, aiAbort.signal) : await opts.ai.chat(call, aiAbort.signal) };
      } catch (e) {
        reply = { error: e instanceof Error ? e.message : String(e) };
      }
      aiPending--;
      aiMs += performance.now() - asked;
      if (child.connected) child.send({ type: 'aiResult', id, ...reply });
    };

    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      aiAbort.abort();
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (!outcome && !done) {
        const where = running !== null ? ` during "${checks[running].name}"` : '';
        outcome = 'crashed';
        message = OOM.test(stderr)
          ? `Out of memory${where}: the code used more than ${opts.memoryMb} MB. Look for data that grows without bound.`
          : `The process running the code stopped unexpectedly${where} (${signal ? `signal ${signal}` : `exit code ${code}`}).${stderr ? ` ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`;
      }
      if (running !== null && checks[running].status === 'not-run') {
        Object.assign(checks[running], { status: 'failed', reason: message ?? 'Stopped.' });
      }
      for (const c of checks) if (c.status === 'not-run' && outcome !== 'error') c.reason = `Not run: ${outcome === 'cancelled' ? 'the run was cancelled' : 'the run stopped before this check'}.`;
      const sum = summarize(checks);
      opts.pool.prewarm(opts.memoryMb);
      void servers?.close();
      resolve({
        lessonKey: lesson.key,
        outcome: outcome ?? (sum.passed === sum.total ? 'passed' : 'failed'),
        ...(message ? { message } : {}),
        checks,
        ...sum,
        durationMs: performance.now() - started,
        output,
        finishedAt: new Date().toISOString(),
      });
    };
    child.on('exit', finish);
    child.on('error', (e) => {
      outcome ??= 'crashed';
      message ??= `Could not start the process that runs the code: ${e.message}`;
      finish(null, null);
    });
    if (!opts.debug) {
      child.send(request);
    } else {
      // Send the checks once the debugger is attached (breakpoints are set by then).
      let seen = '';
      const onInspector = (d: Buffer) => {
        seen += d.toString();
        const port = /Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(seen)?.[1];
        if (!port) return;
        child.stderr?.off('data', onInspector);
        opts.debug!(Number(port)).then(
          () => child.connected && child.send(request),
          (e: unknown) => stop('error', `Could not attach the debugger: ${e instanceof Error ? e.message : String(e)}`),
        );
      };
      child.stderr?.on('data', onInspector);
    }
  });
}
