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

/**
 * The arguments of find_orders (see README.md): customer_id ("C-" and four digits), status
 * (any, open, shipped, delivered, cancelled), limit (an integer from 1 to 10). No other keys,
 * and a description on every field.
 */
export const FindOrdersArgs = z.object({
  // TODO: the three fields
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

/**
 * The `tools` entry for find_orders:
 * `{ type: 'function', function: { name, description, parameters, strict: true } }`,
 * where `parameters` is the JSON Schema of FindOrdersArgs without its `$schema` key.
 */
export function toolEntry(): ToolEntry {
  throw new Error('TODO: implement toolEntry()');
}

/**
 * Runs one tool call and returns the tool message that answers it:
 * `{ role: 'tool', tool_call_id: call.id, content }`.
 * - success: `content` is `JSON.stringify(findOrders(args, orders))`;
 * - unknown tool, arguments that are not JSON, or arguments that fail FindOrdersArgs:
 *   `content` is an error starting with "Error" that names each bad field (`limit: ...`).
 * Never throws.
 */
export function runToolCall(call: ToolCall, orders: Order[]): ToolMessage {
  throw new Error('TODO: implement runToolCall()');
}
