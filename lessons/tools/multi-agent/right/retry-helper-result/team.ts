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

/** The outcome of up to two runs: the value, or the last error, and how many runs it took. */
type Attempted<T> = { ok: true; value: T; attempts: number } | { ok: false; error: unknown; attempts: number };

const MAX_ATTEMPTS = 2;

function retryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('status' in error)) return false;
  const { status } = error as { status: unknown };
  return typeof status === 'number' && (status === 429 || status >= 500);
}

/** Never throws: runs `fn`, and once more after `delayMs` when it failed with a 429 or 5xx. */
async function attempt<T>(fn: () => Promise<T>, delayMs: number): Promise<Attempted<T>> {
  let attempts = 1;
  while (true) {
    try {
      return { ok: true, value: await fn(), attempts };
    } catch (error) {
      if (attempts >= MAX_ATTEMPTS || !retryable(error)) return { ok: false, error, attempts };
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    attempts += 1;
  }
}

/** The planner and the reviewer: there is no answer without them, so their failure is thrown. */
async function mustSucceed<T>(fn: () => Promise<T>, delayMs: number): Promise<T> {
  const outcome = await attempt(fn, delayMs);
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function reviewerInput(question: string, results: WorkerResult[]): string {
  let text = `Question: ${question}\n\nResults:`;
  for (const r of results) {
    text += r.status === 'ok' ? `\n[${r.id}] ${r.output}` : `\n[${r.id}] FAILED: ${r.error}`;
  }
  return text;
}

export async function runTeam(task: string, opts: TeamOptions): Promise<TeamResult> {
  const { maxTurns = 4, retryDelayMs = 500 } = opts;
  // The client must not retry by itself: our one retry is the whole policy.
  const client = new OpenAI({ baseURL: opts.baseUrl, apiKey: opts.apiKey ?? 'sk-test', maxRetries: 0 });
  const model = new OpenAIChatCompletionsModel(client, opts.model);
  const runner = new Runner({ tracingDisabled: true });

  const planner = new Agent({ name: 'planner', instructions: INSTRUCTIONS.planner, model, outputType: PlanSchema });
  const reviewer = new Agent({ name: 'reviewer', instructions: INSTRUCTIONS.reviewer, model });
  const makeWorker = (id: WorkerId) => new Agent({ name: id, instructions: INSTRUCTIONS[id], model, tools: WORKER_TOOLS[id] });
  const workers: Record<WorkerId, ReturnType<typeof makeWorker>> = { billing: makeWorker('billing'), docs: makeWorker('docs') };

  const plan = (await mustSucceed(() => runner.run(planner, task), retryDelayMs)).finalOutput as Plan;

  const results: WorkerResult[] = [];
  for (const subtask of plan.subtasks) {
    const id = subtask.worker;
    // Each run starts from the subtask string alone: no shared history between workers.
    const outcome = await attempt(() => runner.run(workers[id], subtask.task, { maxTurns }), retryDelayMs);
    if (outcome.ok) {
      results.push({ id, task: subtask.task, status: 'ok', output: `${outcome.value.finalOutput ?? ''}`, attempts: outcome.attempts });
    } else {
      results.push({ id, task: subtask.task, status: 'failed', output: null, error: errorText(outcome.error), attempts: outcome.attempts });
    }
  }

  const review = await mustSucceed(() => runner.run(reviewer, reviewerInput(task, results)), retryDelayMs);
  const answer = `${review.finalOutput ?? ''}`;

  const citations: WorkerId[] = [];
  for (const r of results) {
    if (answer.includes(`[${r.id}]`)) citations.push(r.id);
  }
  return { plan, results, answer, citations };
}
