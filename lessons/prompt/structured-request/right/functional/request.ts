import { z } from 'zod';

/** A JSON Schema, as plain JSON. */
export type JsonSchema = { [keyword: string]: unknown };

export interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A Chat Completions request body that asks for output in a strict JSON Schema. */
export interface ChatRequest {
  model: string;
  messages: Message[];
  response_format: {
    type: 'json_schema';
    json_schema: { name: string; strict: true; schema: JsonSchema };
  };
}

// ---------------------------------------------------------------------------------------
// Given: the schema the model must answer in. The checks use it as it is.
// ---------------------------------------------------------------------------------------
export const Ticket = z.object({
  category: z.enum(['billing', 'bug', 'feature', 'other']),
  priority: z.enum(['low', 'medium', 'high']),
  summary: z.string().min(1).max(120).describe('One sentence, at most 120 characters.'),
  customer: z.object({
    id: z.string(),
    plan: z.enum(['free', 'pro', 'enterprise']).optional(),
  }),
  tags: z.array(z.string()).optional(),
});

// ---------------------------------------------------------------------------------------
// Your code.
// ---------------------------------------------------------------------------------------

const DROP = ['$schema', 'default', 'minLength', 'maxLength'];

const isObj = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

// Another style: one expression per part, built with Object.fromEntries and spreads.
export function toStrictSchema(schema: JsonSchema): JsonSchema {
  const kept = Object.fromEntries(Object.entries(schema).filter(([k]) => !DROP.includes(k)));
  const props = isObj(schema.properties) ? schema.properties : undefined;
  const needed = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const closed = schema.type === 'object' || props !== undefined;
  return {
    ...kept,
    ...(props && {
      properties: Object.fromEntries(
        Object.entries(props).map(([k, v]) => {
          const s = toStrictSchema(v as JsonSchema);
          return [k, needed.includes(k) ? s : { anyOf: [s, { type: 'null' }] }];
        }),
      ),
      required: Object.keys(props),
    }),
    ...(closed && { additionalProperties: false }),
    ...(isObj(schema.items) && { items: toStrictSchema(schema.items) }),
    ...(Array.isArray(schema.anyOf) && { anyOf: (schema.anyOf as JsonSchema[]).map(toStrictSchema) }),
  };
}

export function buildRequest(schema: z.ZodType, messages: Message[], model: string, name = 'response'): ChatRequest {
  const strict = toStrictSchema(z.toJSONSchema(schema) as JsonSchema);
  return { model, messages, response_format: { type: 'json_schema', json_schema: { name, strict: true, schema: strict } } };
}

export async function send(body: ChatRequest, baseUrl: string): Promise<unknown> {
  const response = await fetch(new URL('chat/completions', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = (await response.json().catch(() => ({}))) as {
    error?: { message?: string };
    choices?: { finish_reason?: string; message: { content: string } }[];
  };
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${data.error?.message ?? 'no error message'}`);
  const [first] = data.choices ?? [];
  if (!first) throw new Error('the response has no choices');
  if (first.finish_reason === 'length') throw new Error('finish_reason is "length": the JSON is incomplete; raise max_tokens');
  return JSON.parse(first.message.content);
}

// ---------------------------------------------------------------------------------------
// Given: what the checks call.
// ---------------------------------------------------------------------------------------
const SYSTEM = 'You triage customer support tickets. Classify the ticket and summarise it in one sentence.';

/** The request that triages one ticket. */
export function ticketRequest(ticketText: string, model: string): ChatRequest {
  return buildRequest(Ticket, [{ role: 'system', content: SYSTEM }, { role: 'user', content: ticketText }], model, 'ticket');
}

/** Builds the ticket request, sends it, and returns the model's answer as parsed JSON. */
export function triage(ticketText: string, model: string, baseUrl: string): Promise<unknown> {
  return send(ticketRequest(ticketText, model), baseUrl);
}

/** Given: a request built with the default name, for the checks. */
export function answerRequest(model: string): ChatRequest {
  return buildRequest(z.object({ answer: z.string() }), [{ role: 'user', content: 'Hi' }], model);
}
