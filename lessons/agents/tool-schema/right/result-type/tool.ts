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
  const { $schema, ...parameters } = z.toJSONSchema(FindOrdersArgs);
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

type Parsed = { ok: true; args: FindOrdersArgs } | { ok: false; why: string };

function parseArguments(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, why: 'Error: arguments is not valid JSON; send a JSON object.' };
  }
  const result = FindOrdersArgs.safeParse(value);
  if (result.success) return { ok: true, args: result.data };
  const lines = result.error.issues.map((i) => [i.path.map(String).join('.'), i.message].filter(Boolean).join(': '));
  return { ok: false, why: `Error: find_orders was called with bad arguments: ${lines.join(' | ')}` };
}

export function runToolCall(call: ToolCall, orders: Order[]): ToolMessage {
  let content: string;
  if (call.function.name === TOOL_NAME) {
    const parsed = parseArguments(call.function.arguments);
    content = parsed.ok ? JSON.stringify(findOrders(parsed.args, orders)) : parsed.why;
  } else {
    content = `Error: there is no tool named ${call.function.name}; the only tool is ${TOOL_NAME}.`;
  }
  return { role: 'tool', tool_call_id: call.id, content };
}
