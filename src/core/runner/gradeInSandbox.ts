import type { CheckInput, CheckOutcome } from '../checks/types';
import type { CheckSpec } from '../lessons/schema';
import type { SandboxEvent, SandboxGradeRequest } from './sandbox/messages';
import type { SandboxPool } from './sandboxPool';

export interface GradeOptions {
  pool: SandboxPool;
  timeoutMs: number;
  memoryMb: number;
  signal?: AbortSignal;
}

/**
 * Grades existing outputs with pure check kinds in a sandbox process (a lesson's `javascript`
 * check is code from the pack). A check that loops is stopped at the time limit.
 */
export function gradeInSandbox(items: { spec: CheckSpec; input: CheckInput }[], opts: GradeOptions): Promise<CheckOutcome[]> {
  if (!items.length) return Promise.resolve([]);
  return new Promise((resolve) => {
    const outcomes: (CheckOutcome | undefined)[] = items.map(() => undefined);
    const child = opts.pool.take(opts.memoryMb);
    let why: string | undefined;
    let settled = false;
    const stop = (reason: string) => {
      why ??= reason;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(`Grading stopped after ${opts.timeoutMs / 1000} s: a check's expression did not finish.`), opts.timeoutMs);
    const onAbort = () => stop('Cancelled.');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('message', (ev: SandboxEvent) => {
      if (ev.type === 'result') outcomes[ev.index] = ev.outcome;
      if (ev.type === 'done') child.kill('SIGKILL');
    });
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      opts.pool.prewarm(opts.memoryMb);
      resolve(outcomes.map((o) => o ?? { pass: false, score: 0, reason: why ?? 'The grading process stopped unexpectedly.' }));
    };
    child.once('exit', finish);
    child.once('error', (e) => {
      why ??= `Could not start the grading process: ${e.message}`;
      finish();
    });
    const request: SandboxGradeRequest = { type: 'grade', items };
    child.send(request);
  });
}
