import type { ChildProcess } from 'node:child_process';
import type { CheckInput, CheckOutcome } from '../checks/types';
import type { CheckSpec } from '../lessons/schema';
import { killTree } from './processTree';
import type { GraderEvent, SandboxGradeRequest } from './sandbox/messages';
import type { SandboxPool } from './sandboxPool';

export interface GradeOptions {
  pool: SandboxPool;
  timeoutMs: number;
  memoryMb: number;
  signal?: AbortSignal;
  /**
   * Hand the grader back to the pool at dispose, for the next run whose checks give the same key
   * (see SandboxPool.keepGrader). Without it the grader ends with the run.
   */
  reuse?: string;
}

export type GradeItem = { spec: CheckSpec; input: CheckInput; snapshot?: boolean };

/** What one grade() call waits for. */
interface Request {
  items: GradeItem[];
  resolve: (outcomes: CheckOutcome[]) => void;
}

/** The requests sent to a grader as one message. */
interface Batch {
  id: number;
  child: ChildProcess;
  requests: Request[];
  timer: NodeJS.Timeout;
}

/**
 * A grader process kept for a whole run: it grades outputs with pure check kinds and never loads
 * learner code, so nothing learner code patched reaches the grading (a lesson's `javascript`
 * check is code from the pack, hence a process too). One batch is in flight at a time: what is
 * asked meanwhile waits and goes as the next batch, since each message costs both processes a
 * wake-up and the grader grades one at a time anyway. A batch whose check loops is stopped at
 * the time limit and fails as a whole; what waited behind it goes to a new grader.
 */
export class Grader {
  private child: ChildProcess | undefined;
  private unhook: (() => void) | undefined;
  private inFlight: Batch | undefined;
  private readonly waiting: Request[] = [];
  private nextBatch = 0;
  private disposed = false;
  private readonly onAbort = () => this.cancel();

  constructor(private readonly opts: GradeOptions) {
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  grade(items: GradeItem[]): Promise<CheckOutcome[]> {
    if (!items.length) return Promise.resolve([]);
    if (this.cancelled()) return Promise.resolve(failed(items.length, 'Cancelled.'));
    return new Promise((resolve) => {
      this.waiting.push({ items, resolve });
      this.flush();
    });
  }

  dispose(): void {
    this.disposed = true;
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    const child = this.child;
    // Only a grader with nothing in flight goes back: an unanswered batch may be a loop.
    if (child && this.opts.reuse !== undefined && !this.inFlight && !this.waiting.length && !this.opts.signal?.aborted) {
      this.child = undefined;
      this.unhook?.();
      this.opts.pool.keepGrader(child, this.opts.memoryMb, this.opts.reuse);
      return;
    }
    this.cancel();
  }

  private cancelled(): boolean {
    return this.disposed || !!this.opts.signal?.aborted;
  }

  /** Sends what waits as one batch, once no batch is in flight. */
  private flush(): void {
    if (this.inFlight || !this.waiting.length) return;
    if (this.cancelled()) {
      for (const r of this.waiting.splice(0)) r.resolve(failed(r.items.length, 'Cancelled.'));
      return;
    }
    const requests = this.waiting.splice(0);
    const items = requests.flatMap((r) => r.items);
    const child = this.process();
    const id = this.nextBatch++;
    const timer = setTimeout(() => this.halt(`Grading stopped after ${this.opts.timeoutMs / 1000} s: a check's expression did not finish.`), this.opts.timeoutMs);
    this.inFlight = { id, child, requests, timer };
    const request: SandboxGradeRequest = { type: 'grade', batch: id, items };
    try {
      child.send(request);
    } catch (e) {
      this.settle(id, failed(items.length, `Could not send the outputs to the grading process: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  private process(): ChildProcess {
    if (this.child) return this.child;
    const child = this.opts.pool.takeGrader(this.opts.memoryMb, this.opts.reuse);
    this.child = child;
    const onMessage = (ev: GraderEvent) => {
      if (ev?.type === 'graded' && this.inFlight?.child === child && Array.isArray(ev.outcomes)) this.settle(ev.batch, ev.outcomes);
    };
    const onExit = () => this.ended(child, 'The grading process stopped unexpectedly.');
    const onError = (e: Error) => this.ended(child, `Could not start the grading process: ${e.message}`);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', onError);
    this.unhook = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    // What a check prints is not shown anywhere: drained, so that a full pipe never blocks a
    // grader that serves many runs.
    child.stdout?.resume();
    child.stderr?.resume();
    return child;
  }

  /** Fails the batch this process was grading; what waits goes to a new grader. */
  private ended(child: ChildProcess, reason: string): void {
    if (this.child === child) this.child = undefined;
    const b = this.inFlight;
    if (b?.child === child) this.settle(b.id, failed(b.requests.reduce((n, r) => n + r.items.length, 0), reason));
  }

  /** Hands each request of the batch its outcomes, in order, and sends what waits. */
  private settle(id: number, outcomes: CheckOutcome[]): void {
    const b = this.inFlight;
    if (b?.id !== id) return;
    this.inFlight = undefined;
    clearTimeout(b.timer);
    let at = 0;
    for (const r of b.requests) {
      r.resolve(outcomes.slice(at, at + r.items.length));
      at += r.items.length;
    }
    this.flush();
  }

  /** Ends the process: its batch fails with `reason`. */
  private halt(reason: string): void {
    const child = this.child;
    if (!child) return;
    this.ended(child, reason);
    killTree(child);
  }

  /** Cancelled or disposed: everything waiting or in flight fails, and the process ends. */
  private cancel(): void {
    for (const r of this.waiting.splice(0)) r.resolve(failed(r.items.length, 'Cancelled.'));
    this.halt('Cancelled.');
  }
}

function failed(n: number, reason: string): CheckOutcome[] {
  return Array.from({ length: n }, () => ({ pass: false, score: 0, reason }));
}

/** Grades existing outputs (prompt lessons) in a grader process of their own. */
export async function gradeInSandbox(items: GradeItem[], opts: GradeOptions): Promise<CheckOutcome[]> {
  if (!items.length) return [];
  const grader = new Grader(opts);
  try {
    return await grader.grade(items);
  } finally {
    grader.dispose();
    opts.pool.prewarm(opts.memoryMb);
  }
}
