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

/**
 * A copy of `schema` (a JSON Schema) that OpenAI's strict mode accepts:
 * - every object schema has `additionalProperties: false`, nested ones and array items too;
 * - every object's `required` lists all of its properties, in the order of `properties`;
 *   a property that was optional becomes `{ anyOf: [<its strict schema>, { type: 'null' }] }`;
 * - the keywords `$schema`, `default`, `minLength` and `maxLength` are removed;
 * - it recurses into `properties`, `items` and `anyOf`. `schema` itself is not changed.
 */
export function toStrictSchema(schema: JsonSchema): JsonSchema {
  throw new Error('TODO: implement toStrictSchema()');
}

/**
 * The Chat Completions body for `messages`, with a `response_format` that makes the model answer
 * in `schema`: `{ type: 'json_schema', json_schema: { name, strict: true, schema } }`, where the
 * JSON Schema is `z.toJSONSchema(schema)` made strict.
 */
export function buildRequest(schema: z.ZodType, messages: Message[], model: string, name = 'response'): ChatRequest {
  throw new Error('TODO: implement buildRequest()');
}

/**
 * POSTs `body` as JSON to `${baseUrl}/chat/completions` and returns `JSON.parse` of the answer's
 * content. Throws an Error with the status and the API's error message on an HTTP error, and an
 * Error that mentions "length" when `finish_reason` is "length" (the JSON is cut off).
 */
export async function send(body: ChatRequest, baseUrl: string): Promise<unknown> {
  throw new Error('TODO: implement send()');
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
