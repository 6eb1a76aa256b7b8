// Agent, Runner, OpenAIChatCompletionsModel: the OpenAI Agents SDK. OpenAI: the client it calls with.
import OpenAI from 'openai';
import { Agent, OpenAIChatCompletionsModel, Runner } from '@openai/agents';
// INSTRUCTIONS: each agent's system prompt; PlanSchema: the planner's output type;
// WORKER_TOOLS: each worker's own tools. See roles.ts.
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

/**
 * Runs the support team on one customer question:
 * 1. the planner (outputType PlanSchema) splits it into subtasks;
 * 2. each subtask's worker runs, one after the other, on the subtask alone, with its own tools
 *    and at most `maxTurns` model calls;
 * 3. the reviewer gets `Question: <task>` and one line per result, `[id] <output>` or
 *    `[id] FAILED: <error>`, and writes the answer.
 * Every run is retried once after an HTTP 429 or 5xx (after `retryDelayMs`). A worker that still
 * fails, or hits the turn cap, is reported as failed and the team goes on; a planner or reviewer
 * that still fails throws.
 */
export async function runTeam(task: string, opts: TeamOptions): Promise<TeamResult> {
  throw new Error('TODO: implement runTeam()');
}
