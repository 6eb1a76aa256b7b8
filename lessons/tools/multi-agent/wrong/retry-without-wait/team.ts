import OpenAI from 'openai';
import { Agent, OpenAIChatCompletionsModel, Runner } from '@openai/agents';
import { INSTRUCTIONS, PlanSchema, WORKER_TOOLS, type Plan, type WorkerId } from './roles';

export interface TeamOptions {
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  model: string;
  /** Any key works against a local server (default 'sk-test'). */
  apiKey?: string;
  /** The most model calls one worker run may make (default 4). */
  maxTurns?: number;
  /** The pause before the one retry, in ms (default 500). */
  retryDelayMs?: number;
}

/** What one worker did: its subtask, and its output or why it failed. */
export interface WorkerResult {
  /** The worker's id; the answer cites this result as [id]. */
  id: WorkerId;
  task: string;
  status: 'ok' | 'failed';
  /** The worker's final answer; null when it failed. */
  output: string | null;
  /** Why it failed (the last error's message). */
  error?: string;
  /** Runs of this worker: 1, or 2 after a retry. */
  attempts: number;
}

export interface TeamResult {
  plan: Plan;
  /** One per subtask of the plan, in the order they ran. */
  results: WorkerResult[];
  /** The reviewer's answer. */
  answer: string;
  /** The ids of the results that the answer cites as [id], in the order of `results`. */
  citations: WorkerId[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Worth one more try: rate limits and server errors. A 400 or a runaway agent fails again. */
function isTransient(e: unknown): boolean {
  const status = (e as { status?: unknown } | null)?.status;
  return typeof status === 'number' && (status === 429 || status >= 500);
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Runs `fn`; after a transient error, waits and runs it once more. */
async function withOneRetry<T>(fn: () => Promise<T>, delayMs: number): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!isTransient(e)) throw e;
    await sleep(delayMs);
    return fn();
  }
}

/**
 * Planner, then each worker of the plan one after the other, then the reviewer.
 * A worker that fails (after one retry on a transient error, or at the turn cap) is reported in
 * `results` and the reviewer is told; a planner or reviewer that fails twice throws.
 */
export async function runTeam(task: string, opts: TeamOptions): Promise<TeamResult> {
  const maxTurns = opts.maxTurns ?? 4;
  const delayMs = opts.retryDelayMs ?? 500;
  // maxRetries: 0, or the client retries on its own and our retry count means nothing.
  const client = new OpenAI({ baseURL: opts.baseUrl, apiKey: opts.apiKey ?? 'sk-test', maxRetries: 0 });
  const model = new OpenAIChatCompletionsModel(client, opts.model);
  const runner = new Runner({ tracingDisabled: true });

  const planner = new Agent({ name: 'planner', instructions: INSTRUCTIONS.planner, model, outputType: PlanSchema });
  const workers = {
    billing: new Agent({ name: 'billing', instructions: INSTRUCTIONS.billing, model, tools: WORKER_TOOLS.billing }),
    docs: new Agent({ name: 'docs', instructions: INSTRUCTIONS.docs, model, tools: WORKER_TOOLS.docs }),
  };
  const reviewer = new Agent({ name: 'reviewer', instructions: INSTRUCTIONS.reviewer, model });

  const planned = await withOneRetry(() => runner.run(planner, task, { maxTurns: 1 }), delayMs);
  const plan = planned.finalOutput as Plan;

  // Sequential on purpose: the results come back in plan order, and so do the model calls.
  const results: WorkerResult[] = [];
  for (const { worker, task: subtask } of plan.subtasks) {
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        // The subtask alone, as a fresh input: each worker has its own history.
        const run = await runner.run(workers[worker], subtask, { maxTurns });
        results.push({ id: worker, task: subtask, status: 'ok', output: String(run.finalOutput ?? ''), attempts });
        break;
      } catch (e) {
        if (attempts < 2 && isTransient(e)) {
          // Wrong: retries at once; a server that just answered 500 or 429 gets hit again
          // before it had any time to recover.
          continue;
        }
        results.push({ id: worker, task: subtask, status: 'failed', output: null, error: message(e), attempts });
        break;
      }
    }
  }

  // Every result goes to the reviewer, marked with its id; a failure too, so it can say so.
  const lines = results.map((r) => (r.status === 'ok' ? `[${r.id}] ${r.output}` : `[${r.id}] FAILED: ${r.error}`));
  const input = `Question: ${task}\n\nResults:\n${lines.join('\n')}`;
  const reviewed = await withOneRetry(() => runner.run(reviewer, input, { maxTurns: 1 }), delayMs);
  const answer = String(reviewed.finalOutput ?? '');

  const citations = results.filter((r) => answer.includes(`[${r.id}]`)).map((r) => r.id);
  return { plan, results, answer, citations };
}
