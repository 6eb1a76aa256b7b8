// The parent's side of a learner process (see sandbox/learner.ts): load the module, call its
// functions one call id at a time, answer its `ai` calls, and end it (with everything it
// started) at the time or memory limit, on cancel, or when the run is over. The process never
// sees what a check expects: the parent grades the outputs elsewhere (see Grader).
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Lesson } from '../lessons/model';
import type { CodeLocation } from './result';
import { killTree, residentMb, watchMemory } from './processTree';
import type { AiCall, LearnerEvent, LearnerLoadRequest } from './sandbox/messages';
import { whenReady, type SandboxPool } from './sandboxPool';

export interface CallOutcome {
  output?: unknown;
  error?: { message: string; name?: string };
  durationMs: number;
  /** The call returned a value that cannot leave the learner's process (a function, a symbol…): why. */
  invalid?: string;
  /** `output` is a snapshot: the value held functions, now markers (see sandbox/snapshot.ts). */
  snapshot?: boolean;
}
export type Caller = (fn: string, args: unknown[]) => Promise<CallOutcome>;

/** The model behind the `ai` helper, as the editor (or a test) provides it. */
export interface AiProvider {
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  chat(call: Extract<AiCall, { op: 'chat' }>, signal?: AbortSignal): Promise<{ text: string; usage?: unknown }>;
}

/** Why a learner process ended. */
export type LearnerEnd =
  | { kind: 'done' }
  | { kind: 'timeout' }
  | { kind: 'memory'; mb: number }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; stderr: string };

/** A call or load that the process's end cut short. */
export class ProcessEnded extends Error {
  constructor(readonly end: LearnerEnd) {
    super(`The process running the code ended (${end.kind}).`);
  }
}

export interface LearnerProcessOptions {
  memoryMb: number;
  ai?: AiProvider;
  /** Cap on console output (the run's stdout, and the logs of all calls together). */
  maxOutputChars?: number;
  /** A console line of learner code; `call` is the id of the call it ran in (null: while loading, or later). */
  onLog?: (call: number | null, stream: 'log' | 'error', text: string) => void;
}

type Loaded = { ok: true; functions: string[] } | { ok: false; message: string; location?: CodeLocation };

export class LearnerProcess {
  /** Output written straight to stdout (capped). */
  output = '';
  stderr = '';
  /** Messages from the process that answered nothing the parent asked (forged or late): ignored. */
  ignored = 0;
  readonly ended: Promise<LearnerEnd>;
  readonly caller: Caller = (fn, args) => this.call(fn, args);

  private end: LearnerEnd | undefined;
  private loading: { resolve: (l: Loaded) => void; reject: (e: Error) => void } | undefined;
  private functions: string[] | undefined;
  private readonly calls = new Map<number, { resolve: (o: CallOutcome) => void; reject: (e: Error) => void; started: number }>();
  private nextId = 1;
  private logBudget: number;
  private aiMs = 0;
  private aiPending = 0;
  private readonly aiAbort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;

  constructor(
    readonly child: ChildProcess,
    private readonly opts: LearnerProcessOptions,
  ) {
    this.logBudget = opts.maxOutputChars ?? 64_000;
    child.stdout?.on('data', (d: Buffer) => this.appendOutput(d.toString()));
    child.stderr?.on('data', (d: Buffer) => {
      if (this.stderr.length < 16_000) this.stderr += d.toString();
    });
    child.on('message', (ev: LearnerEvent) => this.onMessage(ev));
    this.ended = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve(this.finish({ kind: 'exited', code, signal, stderr: this.stderr })));
      child.once('error', (e) => {
        this.end ??= { kind: 'error', message: `Could not start the process that runs the code: ${e.message}` };
        killTree(child);
        resolve(this.finish(this.end));
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The id of the latest call (logs name the call they ran in). */
  get lastCallId(): number {
    return this.nextId - 1;
  }

  /** Exported functions, once loaded. */
  get exports(): string[] {
    return this.functions ?? [];
  }

  /** Loads the entry module; its memory is watched from here on (the idle runtime is the baseline). */
  async load(req: Omit<LearnerLoadRequest, 'type' | 'maxLogChars'>): Promise<Loaded> {
    if (!(await whenReady(this.child)) || this.end) throw new ProcessEnded(this.end ?? { kind: 'exited', code: null, signal: null, stderr: this.stderr });
    await this.watchMemory();
    return new Promise<Loaded>((resolve, reject) => {
      this.loading = { resolve, reject };
      this.send({ type: 'load', ...req, maxLogChars: this.logBudget });
    });
  }

  /**
   * Calls one exported function; rejects with ProcessEnded when the process ends first. `seed`
   * seeds Math.random for the call (default: the call's number in this process).
   */
  call(fn: string, args: unknown[], seed?: number): Promise<CallOutcome> {
    if (this.end) return Promise.reject(new ProcessEnded(this.end));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject, started: performance.now() });
      this.send({ type: 'call', id, fn, args, seed: seed ?? id });
    });
  }

  /**
   * The time limit counts the learner's code: time spent waiting for the model (ai calls) is
   * added, and it never runs out while a call is pending (the model client has its own timeout).
   */
  startClock(timeoutMs: number): void {
    const started = performance.now();
    const deadline = () => started + timeoutMs + this.aiMs;
    const arm = () => {
      this.timer = setTimeout(
        () => {
          if (this.aiPending > 0 || performance.now() < deadline()) return arm();
          this.stop({ kind: 'timeout' });
        },
        Math.max(this.aiPending > 0 ? 100 : 10, deadline() - performance.now()),
      );
    };
    arm();
  }

  /** Ends the process and everything it started; the first reason given is the one kept. */
  stop(end: LearnerEnd): void {
    this.end ??= end;
    killTree(this.child);
  }

  dispose(): void {
    this.stop({ kind: 'done' });
  }

  private async watchMemory(): Promise<void> {
    const pid = this.child.pid;
    const baseline = pid === undefined ? undefined : await residentMb(pid);
    if (pid === undefined || baseline === undefined || this.end) return;
    this.unwatch = watchMemory(pid, baseline, this.opts.memoryMb, (mb) => this.stop({ kind: 'memory', mb }));
  }

  private send(message: unknown): void {
    try {
      if (this.child.connected) this.child.send(message as object);
    } catch (e) {
      this.stop({ kind: 'error', message: `Could not send to the process that runs the code: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private finish(exited: LearnerEnd): LearnerEnd {
    const end = (this.end ??= exited);
    clearTimeout(this.timer);
    this.unwatch?.();
    this.aiAbort.abort();
    // Whatever it started goes with it, even when it ended on its own.
    killTree(this.child);
    this.loading?.reject(new ProcessEnded(end));
    for (const c of this.calls.values()) c.reject(new ProcessEnded(end));
    this.calls.clear();
    return end;
  }

  /** Everything here is untrusted: learner code can send any message on this channel. */
  private onMessage(ev: LearnerEvent): void {
    if (!ev || typeof ev !== 'object') return void this.ignored++;
    switch (ev.type) {
      case 'loaded':
      case 'loadError':
        return this.onLoaded(ev);
      case 'returned':
        return this.onReturned(ev);
      case 'log':
        return this.onLogLine(ev);
      case 'ai':
        return void this.answerAi(ev.id, ev.call);
      case 'ready':
        return;
      default:
        this.ignored++;
    }
  }

  private onLoaded(ev: Extract<LearnerEvent, { type: 'loaded' | 'loadError' }>): void {
    const loading = this.loading;
    if (!loading) return void this.ignored++;
    this.loading = undefined;
    if (ev.type === 'loadError') {
      const location = codeLocation(ev.location);
      return loading.resolve({ ok: false, message: String(ev.message).slice(0, 2000), ...(location ? { location } : {}) });
    }
    this.functions = Array.isArray(ev.functions) ? ev.functions.map(String) : [];
    loading.resolve({ ok: true, functions: this.functions });
  }

  /** One answer per outstanding call id; anything else is ignored and counted. */
  private onReturned(ev: Extract<LearnerEvent, { type: 'returned' }>): void {
    const pending = this.calls.get(ev.id);
    if (!pending) return void this.ignored++;
    this.calls.delete(ev.id);
    const durationMs = performance.now() - pending.started;
    if (typeof ev.invalid === 'string') return pending.resolve({ durationMs, invalid: ev.invalid.slice(0, 2000) });
    if (ev.error) {
      const error = ev.error as { message?: unknown; name?: unknown };
      return pending.resolve({ durationMs, error: { message: String(error.message), ...(error.name !== undefined ? { name: String(error.name) } : {}) } });
    }
    pending.resolve({ durationMs, output: ev.output, ...(ev.snapshot === true ? { snapshot: true } : {}) });
  }

  private onLogLine(ev: Extract<LearnerEvent, { type: 'log' }>): void {
    if (this.logBudget <= 0 || typeof ev.text !== 'string') return;
    let text = ev.text;
    if (text.length > this.logBudget) text = `${text.slice(0, this.logBudget)}\n… output truncated`;
    this.logBudget -= text.length;
    this.opts.onLog?.(typeof ev.call === 'number' ? ev.call : null, ev.stream === 'error' ? 'error' : 'log', text);
  }

  private appendOutput(text: string): void {
    const room = (this.opts.maxOutputChars ?? 64_000) - this.output.length;
    if (room > 0) this.output += text.length > room ? `${text.slice(0, room)}\n… output truncated` : text;
  }

  private async answerAi(id: number, call: AiCall): Promise<void> {
    const asked = performance.now();
    this.aiPending++;
    let reply: { result?: unknown; error?: string };
    try {
      const ai = this.opts.ai;
      if (!ai) throw new Error('This run has no model: run AI Dojo: Configure Model… (embeddings work offline without one).');
      if (!call || (call.op !== 'embed' && call.op !== 'chat')) throw new Error('Unknown ai call.');
      reply = { result: call.op === 'embed' ? await ai.embed(call.texts, this.aiAbort.signal) : await ai.chat(call, this.aiAbort.signal) };
    } catch (e) {
      reply = { error: e instanceof Error ? e.message : String(e) };
    }
    this.aiPending--;
    this.aiMs += performance.now() - asked;
    this.send({ type: 'aiResult', id, ...reply });
  }
}

export interface ReferenceOptions {
  pool: SandboxPool;
  lesson: Lesson;
  memoryMb: number;
  timeoutMs: number;
  ai?: AiProvider;
  /** The folder holding the reference files (default: the lesson's solution/ folder). */
  dir?: string;
  signal?: AbortSignal;
}

/**
 * A second learner process that loads the lesson's reference solution, for checks that compare
 * the learner's function with it (property checks). Dispose it when the run ends.
 */
export async function startReferenceProcess(opts: ReferenceOptions): Promise<LearnerProcess> {
  const dir = opts.dir ?? path.join(opts.lesson.dir, 'solution');
  const child = opts.pool.take(opts.memoryMb, { learnerDir: dir, childProcesses: opts.lesson.limits?.childProcesses });
  const proc = new LearnerProcess(child, { memoryMb: opts.memoryMb, ...(opts.ai ? { ai: opts.ai } : {}) });
  const onAbort = () => proc.stop({ kind: 'cancelled' });
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  void proc.ended.then(() => opts.signal?.removeEventListener('abort', onAbort));
  proc.startClock(opts.timeoutMs);
  const loaded = await proc.load({ entryPath: path.join(dir, opts.lesson.entryFile), learnerDir: dir, sources: {} });
  if (!loaded.ok) {
    proc.dispose();
    throw new Error(`The reference solution could not be loaded: ${loaded.message}`);
  }
  return proc;
}

/** A location sent by the learner's process, if it is one (it is untrusted data). */
function codeLocation(raw: unknown): CodeLocation | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const { file, line, column } = raw as Record<string, unknown>;
  const position = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10_000_000;
  if (typeof file !== 'string' || file.length > 500 || file.startsWith('/') || file.split('/').includes('..') || !position(line) || !position(column)) return undefined;
  return { file, line: line as number, column: column as number };
}
