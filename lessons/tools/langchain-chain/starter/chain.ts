import { z } from 'zod';
import type { Runnable } from '@langchain/core/runnables';
// You will need (see the README):
//   ChatOpenAI from '@langchain/openai'
//   SystemMessage from '@langchain/core/messages'
//   ChatPromptTemplate from '@langchain/core/prompts'
//   OutputParserException, StringOutputParser, StructuredOutputParser from '@langchain/core/output_parsers'
//   RunnablePassthrough, RunnableSequence from '@langchain/core/runnables'

// The prompts are part of the lesson: use them as they are.

/** Where a question can go: the three intents, or "other". */
export const ROUTES = ['billing', 'technical', 'account', 'other'] as const;
export type Route = (typeof ROUTES)[number];

/** Call 1: a constrained classifier that answers with one JSON object. */
export const CLASSIFY_PROMPT =
  'You route customer messages for Lumen, a project-management app. Classify the message into exactly one intent:\n' +
  '- billing: invoices, charges, refunds, plans and payment methods\n' +
  '- technical: errors, bugs, outages, integrations and performance\n' +
  '- account: sign-in, passwords, two-factor authentication, profile and team membership\n' +
  '- other: anything else\n' +
  'Reply with one JSON object and nothing else, for example: {"intent": "billing"}';

/** Call 2: one system prompt per route. */
export const SYSTEM_PROMPTS: Record<Route, string> = {
  billing:
    "You are Lumen's billing specialist. Answer questions about invoices, charges, refunds and plans. Never promise a refund: say that the billing team confirms refunds within 2 working days.",
  technical:
    "You are Lumen's technical support engineer. If the customer did not quote the exact error message, ask for it. Give numbered troubleshooting steps, and point to status.lumen.example for outages.",
  account:
    "You are Lumen's account support agent. Help with sign-in, passwords, two-factor authentication and team membership. Never ask for a password or a one-time code.",
  other:
    "You are Lumen's general support assistant. The message is not about billing, technical problems or accounts. Answer briefly if you can; otherwise say that a person will reply within one working day.",
};

export interface ModelOptions {
  /** The OpenAI-compatible base URL, e.g. "https://api.openai.com/v1". */
  baseUrl: string;
  /** The model name sent in both requests. */
  model: string;
}

export interface Routed {
  /** The route taken. */
  route: Route;
  /** The text of the second call's reply. */
  answer: string;
}

/**
 * The classifier's contract, as a zod schema: an object with one key, `intent`, whose value is
 * exactly one of ROUTES. Other keys may be present and are ignored.
 */
export const Classification = z.object({
  // TODO: intent
});
export type Classification = z.infer<typeof Classification>;

/**
 * The classifier's reply text -> a route. Parse it with a LangChain output parser built from
 * `Classification` (a ```json fence around the JSON is fine) and return its `intent`.
 * Text that is not JSON, or JSON that does not match the schema, routes to "other"; never throw
 * for a bad classification.
 */
export async function parseRoute(text: string): Promise<Route> {
  throw new Error('TODO: implement parseRoute()');
}

/**
 * Builds the chain { question } -> { route, answer } with LangChain runnables:
 *
 * 1. classify: [system CLASSIFY_PROMPT, human question] -> ChatOpenAI at temperature 0 ->
 *    its text -> parseRoute;
 * 2. answer: [system SYSTEM_PROMPTS[route], human question] -> ChatOpenAI -> its text.
 *
 * Both models: `model: opts.model`, `apiKey: 'sk-test'`, `configuration: { baseURL: opts.baseUrl }`,
 * `maxRetries: 0`. Exactly two model calls per question, "other" included.
 */
export function buildChain(opts: ModelOptions): Runnable<{ question: string }, Routed> {
  throw new Error('TODO: implement buildChain()');
}

/** Classify, route and answer one question: exactly two model calls. */
export async function answer(question: string, opts: ModelOptions): Promise<Routed> {
  return buildChain(opts).invoke({ question });
}
