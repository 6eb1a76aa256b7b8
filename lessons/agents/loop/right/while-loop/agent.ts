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

function execute(name: string, rawArgs: string): { args: unknown; result?: unknown; error?: string } {
  let args: unknown = rawArgs;
  try {
    args = JSON.parse(rawArgs);
  } catch (e) {
    return { args, error: `arguments are not JSON: ${String(e)}` };
  }
  const tool = new Map(Object.entries(TOOL_IMPLEMENTATIONS)).get(name);
  if (tool === undefined) return { args, error: `unknown tool: ${name}` };
  try {
    return { args, result: tool(args) };
  } catch (e) {
    return { args, error: (e as Error).message };
  }
}

export async function runAgent(task: string, opts: AgentOptions): Promise<AgentResult> {
  const limit = opts.maxSteps === undefined ? 6 : opts.maxSteps;
  const messages: Message[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: task },
  ];
  const log: ToolCallRecord[] = [];
  let steps = 0;
  while (steps < limit) {
    steps++;
    const reply = await complete(opts, messages);
    if (!reply.tool_calls || reply.tool_calls.length === 0) {
      return { answer: reply.content ?? '', steps, toolCalls: log, stopReason: 'done' };
    }
    messages.push({ role: 'assistant', content: reply.content ?? null, tool_calls: reply.tool_calls });
    const results = reply.tool_calls.map((call) => ({ call, ...execute(call.function.name, call.function.arguments) }));
    for (const { call, args, result, error } of results) {
      log.push(error === undefined ? { id: call.id, name: call.function.name, arguments: args, result } : { id: call.id, name: call.function.name, arguments: args, error });
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(error === undefined ? result : { error }) });
    }
  }
  return { answer: null, steps, toolCalls: log, stopReason: 'max_steps' };
}
