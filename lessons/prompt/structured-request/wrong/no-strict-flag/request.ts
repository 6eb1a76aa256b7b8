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
    type: string;
    json_schema?: { name: string; strict?: boolean; schema: JsonSchema };
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

/** Keywords this lesson removes: strict mode does not support them, or has no use for them. */
const UNSUPPORTED = new Set(['$schema', 'default', 'minLength', 'maxLength']);

function isSchema(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A copy of `schema` that OpenAI's strict mode accepts. Recurses into `properties`, `items`
 * and `anyOf`, and only there: a property called "default" is a field, not a keyword.
 */
export function toStrictSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (!UNSUPPORTED.has(keyword)) out[keyword] = value;
  }

  if (isSchema(schema.properties)) {
    const wasRequired = new Set(Array.isArray(schema.required) ? schema.required : []);
    const properties: Record<string, JsonSchema> = {};
    for (const [name, sub] of Object.entries(schema.properties)) {
      const strict = toStrictSchema(sub as JsonSchema);
      // Strict mode has no optional keys: the key is always there, and "absent" is null.
      properties[name] = wasRequired.has(name) ? strict : { anyOf: [strict, { type: 'null' }] };
    }
    out.properties = properties;
    out.required = Object.keys(properties);
  }
  // Every object is closed, whatever it said before (a hand-written schema may say true).
  if (schema.type === 'object' || isSchema(schema.properties)) out.additionalProperties = false;
  if (isSchema(schema.items)) out.items = toStrictSchema(schema.items);
  if (Array.isArray(schema.anyOf)) out.anyOf = schema.anyOf.map((s) => toStrictSchema(s as JsonSchema));
  return out;
}

/** The request body: the messages, plus a response_format that makes the model follow `schema`. */
export function buildRequest(schema: z.ZodType, messages: Message[], model: string, name = 'response'): ChatRequest {
  return {
    model,
    messages,
    response_format: {
      type: 'json_schema',
      // Wrong: without strict: true the schema is a hint, and the model may still answer off-schema.
      json_schema: { name, schema: toStrictSchema(z.toJSONSchema(schema) as JsonSchema) },
    },
  };
}

/**
 * POSTs `body` to `${baseUrl}/chat/completions` and returns the parsed JSON of the answer.
 * Throws with the API's own error message on an HTTP error (a 400 here is usually the schema),
 * and when the answer was cut off (finish_reason "length"), since the JSON is then incomplete.
 */
export async function send(body: ChatRequest, baseUrl: string): Promise<unknown> {
  const res = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = JSON.parse(text).error?.message ?? text;
    } catch {
      // Not JSON (a proxy's HTML page, say): the raw text is the best message there is.
    }
    throw new Error(`HTTP ${res.status}: ${message}`);
  }
  const choice = JSON.parse(text).choices[0];
  if (choice.finish_reason === 'length') throw new Error('the answer was cut off (finish_reason "length"): raise max_tokens');
  if (choice.message.refusal) throw new Error(`the model refused: ${choice.message.refusal}`);
  return JSON.parse(choice.message.content);
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
