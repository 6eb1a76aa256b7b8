import { z } from 'zod';

/** The contract the model's output must meet before any code uses it. */
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

interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * Parses and validates one model reply. The error names every problem as `path: message`
 * (paths dotted, e.g. `items.1.quantity`), joined with "; ", or `invalid JSON: ...`.
 */
export function validateOrder(text: string): Validation {
  let data: unknown;
  try {
    // Models often wrap the JSON in a sentence or a code fence: take the object out of the reply.
    const start = text.indexOf('{');
    const end = text.lastIndexOf('}');
    data = JSON.parse(start >= 0 && end > start ? text.slice(start, end + 1) : text.trim());
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const result = OrderSchema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  // Every issue, not just the first: a repair that fixes one field and breaks on the next wastes a call.
  const error = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return { ok: false, error };
}

// The schema goes into the prompt as JSON Schema, so the model sees the same contract the code enforces.
const SYSTEM = [
  "Extract the order from the customer's message.",
  'Reply with one JSON object and nothing else (no prose, no code fence) that matches this JSON Schema:',
  JSON.stringify(z.toJSONSchema(OrderSchema)),
].join('\n');

async function complete(opts: ExtractOptions, messages: Message[]): Promise<string> {
  const res = await fetch(`${opts.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: opts.model, messages, temperature: 0, response_format: { type: 'json_object' } }),
  });
  // A transport or server error is not bad output: there is nothing to repair, so it surfaces.
  if (!res.ok) throw new Error(`model call failed: HTTP ${res.status}`);
  const body = (await res.json()) as { choices: { message: { content: string | null } }[] };
  return body.choices[0]?.message.content ?? '';
}

/**
 * Asks the model for the order as JSON, validates it, and on failure sends a repair request
 * that shows the model its own output and the validation error. Fails closed: an answer that
 * never validated is never returned.
 */
export async function extractOrder(text: string, opts: ExtractOptions): Promise<ExtractResult> {
  const maxRepairs = opts.maxRepairs ?? 2;
  const messages: Message[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: text },
  ];
  for (let attempts = 1; ; attempts++) {
    const reply = await complete(opts, messages);
    const check = validateOrder(reply);
    if (check.ok) return { ok: true, value: check.value, attempts };
    // The bound: 1 answer + maxRepairs repairs. No value on this path: fail closed.
    if (attempts > maxRepairs) return { ok: false, error: check.error, attempts };
    // The repair turn: the model's own output, then exactly what is wrong with it.
    messages.push(
      { role: 'assistant', content: reply },
      { role: 'user', content: `That reply is not valid: ${check.error}\nReply with the corrected JSON object only.` },
    );
  }
}
