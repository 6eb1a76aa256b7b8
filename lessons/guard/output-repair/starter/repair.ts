import { z } from 'zod';

/** The contract the model's output must meet before any code uses it. (Given: do not change.) */
export const OrderSchema = z.object({
  orderId: z.string().regex(/^ORD-\d{5}$/),
  customer: z.string().min(1),
  items: z
    .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() }))
    .min(1),
  currency: z.enum(['EUR', 'USD', 'GBP']),
  total: z.number().nonnegative(),
});
export type Order = z.infer<typeof OrderSchema>;

export type Validation = { ok: true; value: Order } | { ok: false; error: string };
export type ExtractResult = { ok: true; value: Order; attempts: number } | { ok: false; error: string; attempts: number };

export interface ExtractOptions {
  /** OpenAI-compatible base URL, e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  model: string;
  /** Repair requests after the first answer (default 2): at most 1 + maxRepairs model calls. */
  maxRepairs?: number;
}

/**
 * Parses and validates one model reply (`JSON.parse` of the trimmed text, then `OrderSchema`).
 * - valid: `{ ok: true, value }` (the parsed, validated order)
 * - not JSON: `{ ok: false, error: 'invalid JSON: <the parse error message>' }`
 * - schema issues: `{ ok: false, error }` naming every issue as `path: message`, the path
 *   joined with dots (`items.1.quantity`), issues joined with "; ".
 */
export function validateOrder(text: string): Validation {
  throw new Error('TODO: implement validateOrder()');
}

/**
 * Asks the model (POST `${baseUrl}/chat/completions`) for the order in `text` as JSON and
 * validates the reply. On failure, sends a repair request: the conversation so far, the
 * invalid reply as an assistant message, and a user message with the validation error.
 * At most `maxRepairs` repairs (default 2). Returns `{ ok: true, value, attempts }` once a
 * reply validates, or `{ ok: false, error, attempts }` (no value) when none did.
 * An HTTP error status throws an Error that names the status.
 */
export async function extractOrder(text: string, opts: ExtractOptions): Promise<ExtractResult> {
  throw new Error('TODO: implement extractOrder()');
}
