// TOOLS: the tool schemas to send; TOOL_IMPLEMENTATIONS: name -> function(parsedArgs).
import { TOOLS, TOOL_IMPLEMENTATIONS } from './tools';

export interface AgentOptions {
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  model: string;
  /** The most model calls one run may make (default 6). */
  maxSteps?: number;
}

/** One tool call the agent ran: the parsed arguments, and the result or the error sent back. */
export interface ToolCallRecord {
  id: string;
  name: string;
  arguments: unknown;
  result?: unknown;
  error?: string;
}

export interface AgentResult {
  /** The final reply; null when the step cap stopped the run. */
  answer: string | null;
  /** Model calls made. */
  steps: number;
  toolCalls: ToolCallRecord[];
  stopReason: 'done' | 'max_steps';
}

interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

interface AssistantMessage {
  role: 'assistant';
  content: string | null;
  tool_calls?: ToolCall[];
}

type Message =
  | { role: 'system' | 'user'; content: string }
  | AssistantMessage
  | { role: 'tool'; tool_call_id: string; content: string };

const SYSTEM =
  'You are the support agent of Fernhill Coffee, a wholesale roaster. Use the tools to look up ' +
  'orders and to issue refunds. Never refund more than the order total. When you are done, ' +
  'answer the customer in one or two sentences.';

/**
 * The agent loop. Calls the model (POST `${baseUrl}/chat/completions` with `tools: TOOLS`);
 * when the reply has `tool_calls`, runs every one of them, appends the assistant message and
 * one `{ role: 'tool', tool_call_id, content }` message per call, and calls the model again.
 * - Stops at a reply without tool calls: `{ answer, steps, toolCalls, stopReason: 'done' }`.
 * - Makes at most `maxSteps` model calls (default 6); then returns
 *   `{ answer: null, steps: maxSteps, toolCalls, stopReason: 'max_steps' }`.
 * - An unknown tool, arguments that are not JSON, or a tool that throws: the error goes back
 *   to the model as the tool message `{"error": "..."}`; the loop goes on.
 * - An HTTP error status from the model throws.
 */
export async function runAgent(task: string, opts: AgentOptions): Promise<AgentResult> {
  throw new Error('TODO: implement runAgent()');
}
