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

async function complete(opts: AgentOptions, messages: Message[]): Promise<AssistantMessage> {
  const res = await fetch(`${opts.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: opts.model, messages, tools: TOOLS }),
  });
  if (!res.ok) throw new Error(`model call failed: HTTP ${res.status}`);
  const body = (await res.json()) as { choices: { message: AssistantMessage }[] };
  return body.choices[0].message;
}

/** Runs one tool call. Every failure becomes an error result for the model, never a crash. */
function runTool(call: ToolCall): ToolCallRecord {
  const { id, function: fn } = call;
  let args: unknown;
  try {
    args = JSON.parse(fn.arguments || '{}');
  } catch (e) {
    return { id, name: fn.name, arguments: fn.arguments, error: `invalid JSON arguments: ${(e as Error).message}` };
  }
  const impl = Object.hasOwn(TOOL_IMPLEMENTATIONS, fn.name) ? TOOL_IMPLEMENTATIONS[fn.name] : undefined;
  if (!impl) {
    return { id, name: fn.name, arguments: args, error: `unknown tool: ${fn.name}. Available tools: ${Object.keys(TOOL_IMPLEMENTATIONS).join(', ')}` };
  }
  try {
    return { id, name: fn.name, arguments: args, result: impl(args) };
  } catch (e) {
    return { id, name: fn.name, arguments: args, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The agent loop: call the model with the tools; if it asks for tool calls, run every one,
 * append the assistant message and one `tool` message per call, and call it again. Stops at a
 * reply without tool calls, or after `maxSteps` model calls.
 */
export async function runAgent(task: string, opts: AgentOptions): Promise<AgentResult> {
  const maxSteps = opts.maxSteps ?? 6;
  const messages: Message[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: task },
  ];
  const toolCalls: ToolCallRecord[] = [];

  for (let step = 1; step <= maxSteps; step++) {
    const message = await complete(opts, messages);
    const calls = message.tool_calls ?? [];
    // The model wrote something: that is its answer to the customer.
    if (message.content || calls.length === 0) return { answer: message.content ?? '', steps: step, toolCalls, stopReason: 'done' };

    // The API requires the assistant message that asked for the calls before their results.
    messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: calls });
    for (const call of calls) {
      const record = runTool(call);
      toolCalls.push(record);
      // tool_call_id ties each result to its call; with several calls the order alone is not enough.
      const content = JSON.stringify(record.error !== undefined ? { error: record.error } : record.result);
      messages.push({ role: 'tool', tool_call_id: call.id, content });
    }
  }
  // The cap: a model that keeps calling tools is stopped, and the caller is told so.
  return { answer: null, steps: maxSteps, toolCalls, stopReason: 'max_steps' };
}
