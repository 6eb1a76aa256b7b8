import { z } from 'zod';

export interface Order {
  id: string;
  customer_id: string;
  status: 'open' | 'shipped' | 'delivered' | 'cancelled';
  /** YYYY-MM-DD */
  placed: string;
  total: number;
  items: number;
}

/** A tool call as the model sends it: `arguments` is a string of JSON, and may be broken. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** The message that answers one tool call. */
export interface ToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string;
}

/** One entry of the request's `tools` array. */
export interface ToolEntry {
  type: 'function';
  function: { name: string; description: string; parameters: { [keyword: string]: unknown }; strict: true };
}

/** The arguments of find_orders. Descriptions go into the JSON Schema: the model reads them. */
export const FindOrdersArgs = z.strictObject({
  customer_id: z.string().regex(/^C-\d{4}$/).describe('The customer id, "C-" and four digits, e.g. "C-1042".'),
  status: z.enum(['any', 'open', 'shipped', 'delivered', 'cancelled']).describe('Only orders in this status; "any" for all.'),
  limit: z.number().int().min(1).max(10).describe('How many orders to return, newest first: 1 to 10.'),
});

export type FindOrdersArgs = z.infer<typeof FindOrdersArgs>;

// ---------------------------------------------------------------------------------------
// Given: the tool itself, a lookup over the orders passed in.
// ---------------------------------------------------------------------------------------
export function findOrders(args: FindOrdersArgs, orders: Order[]): { customer_id: string; orders: Omit<Order, 'customer_id'>[] } {
  const found = orders
    .filter((o) => o.customer_id === args.customer_id && (args.status === 'any' || o.status === args.status))
    .sort((a, b) => (a.placed < b.placed ? 1 : a.placed > b.placed ? -1 : 0))
    .slice(0, args.limit)
    .map(({ customer_id, ...rest }) => rest);
  return { customer_id: args.customer_id, orders: found };
}

// ---------------------------------------------------------------------------------------
// Your code.
// ---------------------------------------------------------------------------------------
export const TOOL_NAME = 'find_orders';

/** The `tools` entry for find_orders, with the JSON Schema of its arguments. */
export function toolEntry(): ToolEntry {
  // Wrong: the JSON Schema is sent as zod makes it, $schema included; strict-mode APIs reject
  // keywords they do not support.
  const parameters = z.toJSONSchema(FindOrdersArgs);
  return {
    type: 'function',
    function: {
      name: TOOL_NAME,
      description: "Look up a customer's orders, newest first. Use it before answering any question about an order.",
      parameters,
      strict: true,
    },
  };
}

/** One line per problem, `path: message`, so the model can see which field to change. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/**
 * Runs one tool call and answers it. Never throws: every failure becomes a tool message the
 * model can read and act on (fix the arguments, call again), with the call's id echoed so
 * the API can pair the answer with the call.
 */
export function runToolCall(call: ToolCall, orders: Order[]): ToolMessage {
  const reply = (content: string): ToolMessage => ({ role: 'tool', tool_call_id: call.id, content });

  if (call.function.name !== TOOL_NAME) {
    return reply(`Error: unknown tool "${call.function.name}". Available tools: ${TOOL_NAME}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(call.function.arguments);
  } catch (e) {
    return reply(`Error: the arguments are not valid JSON (${e instanceof Error ? e.message : String(e)}). Send one JSON object with customer_id, status and limit.`);
  }
  const parsed = FindOrdersArgs.safeParse(raw);
  if (!parsed.success) {
    return reply(`Error: invalid arguments for ${TOOL_NAME}: ${describeIssues(parsed.error)}. Fix these fields and call ${TOOL_NAME} again.`);
  }
  return reply(JSON.stringify(findOrders(parsed.data, orders)));
}
