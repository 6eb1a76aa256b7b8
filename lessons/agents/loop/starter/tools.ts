// Given: the agent's tools, their JSON schemas and implementations over a small order table.
// You do not need to change this file.

export interface Order {
  orderId: string;
  customer: string;
  status: 'processing' | 'shipped' | 'delivered';
  total: number;
  currency: 'EUR';
}

const ORDERS: Record<string, Order> = {
  'ORD-20417': { orderId: 'ORD-20417', customer: 'Larkspur Cafe', status: 'delivered', total: 86.4, currency: 'EUR' },
  'ORD-20433': { orderId: 'ORD-20433', customer: 'Pell & Daughters', status: 'shipped', total: 129, currency: 'EUR' },
  'ORD-20452': { orderId: 'ORD-20452', customer: 'Moss Street Bakery', status: 'processing', total: 18.5, currency: 'EUR' },
};

/** Returns the order; throws when there is no such order. */
export function lookupOrder(args: { orderId: string }): Order {
  const order = ORDERS[args.orderId];
  if (!order) throw new Error(`no order with id ${JSON.stringify(args.orderId)}`);
  return { ...order };
}

/** Issues a refund; throws when the order does not exist or the amount is not between 0 and its total. */
export function refund(args: { orderId: string; amount: number }): { refundId: string; orderId: string; amount: number; currency: 'EUR' } {
  const order = lookupOrder({ orderId: args.orderId });
  if (typeof args.amount !== 'number' || !(args.amount > 0)) throw new Error('amount must be a positive number');
  if (args.amount > order.total) throw new Error(`refund of ${args.amount} exceeds the order total of ${order.total} ${order.currency}`);
  return { refundId: `RF-${order.orderId}`, orderId: order.orderId, amount: args.amount, currency: order.currency };
}

/** The tools as the chat completions API takes them (`tools` in the request body). */
export const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'lookup_order',
      description: 'Look up an order by id: customer, status (processing, shipped, delivered) and total.',
      parameters: {
        type: 'object',
        properties: { orderId: { type: 'string', description: 'Order id, e.g. ORD-20417' } },
        required: ['orderId'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'refund',
      description: 'Refund part or all of an order. The amount is in the order currency and at most the order total.',
      parameters: {
        type: 'object',
        properties: {
          orderId: { type: 'string', description: 'Order id, e.g. ORD-20417' },
          amount: { type: 'number', description: 'Amount to refund, greater than 0' },
        },
        required: ['orderId', 'amount'],
        additionalProperties: false,
      },
    },
  },
];

/** Tool name -> implementation. Each takes the parsed arguments object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const TOOL_IMPLEMENTATIONS: Record<string, (args: any) => unknown> = {
  lookup_order: lookupOrder,
  refund,
};
