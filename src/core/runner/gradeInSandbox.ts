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

interface Batch {
  child: ChildProcess;
  size: number;
  resolve: (outcomes: CheckOutcome[]) => void;
  timer: NodeJS.Timeout;
}

/**
 * A grader process kept for a whole run: it grades outputs with pure check kinds and never loads
 * learner code, so nothing learner code patched reaches the grading (a lesson's `javascript`
 * check is code from the pack, hence a process too). A batch whose check loops is stopped at
 * the time limit; the next batch gets a new grader.
 */
export class Grader {
  private child: ChildProcess | undefined;
  private readonly batches = new Map<number, Batch>();
  private nextBatch = 0;
  private disposed = false;
  private readonly onAbort = () => this.stop('Cancelled.');

  constructor(private readonly opts: GradeOptions) {
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  grade(items: GradeItem[]): Promise<CheckOutcome[]> {
    if (!items.length) return Promise.resolve([]);
    if (this.disposed || this.opts.signal?.aborted) return Promise.resolve(failed(items.length, 'Cancelled.'));
    const child = this.process();
    const batch = this.nextBatch++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.stop(`Grading stopped after ${this.opts.timeoutMs / 1000} s: a check's expression did not finish.`), this.opts.timeoutMs);
      this.batches.set(batch, { child, size: items.length, resolve, timer });
      const request: SandboxGradeRequest = { type: 'grade', batch, items };
      try {
        child.send(request);
      } catch (e) {
        this.settle(batch, failed(items.length, `Could not send the outputs to the grading process: ${e instanceof Error ? e.message : String(e)}`));
      }
    });
  }

  dispose(): void {
    this.disposed = true;
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    const child = this.child;
    // Only a grader with nothing in flight goes back: an unanswered batch may be a loop.
    if (child && this.opts.reuse !== undefined && !this.batches.size && !this.opts.signal?.aborted) {
      this.child = undefined;
      this.unhook?.();
      this.opts.pool.keepGrader(child, this.opts.memoryMb, this.opts.reuse);
      return;
    }
    this.stop('Cancelled.');
  }

  private unhook: (() => void) | undefined;

  private process(): ChildProcess {
    if (this.child) return this.child;
    const child = this.opts.pool.takeGrader(this.opts.memoryMb, this.opts.reuse);
    this.child = child;
    const onMessage = (ev: GraderEvent) => {
      if (ev?.type !== 'graded') return;
      const b = this.batches.get(ev.batch);
      if (b?.child === child && Array.isArray(ev.outcomes)) this.settle(ev.batch, ev.outcomes);
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

  /** Fails what this process was grading; the next batch gets a new grader. */
  private ended(child: ChildProcess, reason: string): void {
    if (this.child === child) this.child = undefined;
    for (const [batch, b] of this.batches) if (b.child === child) this.settle(batch, failed(b.size, reason));
  }

  private settle(batch: number, outcomes: CheckOutcome[]): void {
    const b = this.batches.get(batch);
    if (!b) return;
    this.batches.delete(batch);
    clearTimeout(b.timer);
    b.resolve(outcomes);
  }

  private stop(reason: string): void {
    const child = this.child;
    if (!child) return;
    this.ended(child, reason);
    killTree(child);
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
