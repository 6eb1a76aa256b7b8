import { z } from 'zod';
import { ChatOpenAI } from '@langchain/openai';
import { SystemMessage } from '@langchain/core/messages';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { OutputParserException, StringOutputParser, StructuredOutputParser } from '@langchain/core/output_parsers';
import { RunnablePassthrough, RunnableSequence, type Runnable } from '@langchain/core/runnables';

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

/** The classifier's contract: one key, `intent`, whose value is exactly one of ROUTES. */
export const Classification = z.object({ intent: z.enum(ROUTES) });
export type Classification = z.infer<typeof Classification>;

// Strips a ```json fence, JSON-parses, then validates with the zod schema. It works on any
// text, so it does not depend on the server honouring response_format.
const classificationParser = StructuredOutputParser.fromZodSchema(Classification);

/**
 * The classifier's reply text -> a route. A reply that is not JSON, or does not match
 * `Classification`, routes to "other": the router's output is untrusted input.
 */
export async function parseRoute(text: string): Promise<Route> {
  try {
    const { intent } = await classificationParser.parse(text);
    return intent;
  } catch (e) {
    // A malformed classification is a routing decision ("other"), not a crash.
    if (e instanceof OutputParserException) return 'other';
    throw e;
  }
}

// CLASSIFY_PROMPT contains braces ({"intent": ...}). As a template string they would be read
// as a variable, so it goes in as a SystemMessage, which is not templated.
const classifyPrompt = ChatPromptTemplate.fromMessages([new SystemMessage(CLASSIFY_PROMPT), ['human', '{question}']]);
// The system prompt is a variable here; variable values are inserted as they are.
const answerPrompt = ChatPromptTemplate.fromMessages([
  ['system', '{system}'],
  ['human', '{question}'],
]);

/**
 * The chain: { question } -> classify (call 1) -> route -> answer (call 2) -> { route, answer }.
 */
export function buildChain(opts: ModelOptions): Runnable<{ question: string }, Routed> {
  const client = {
    model: opts.model,
    apiKey: 'sk-test',
    configuration: { baseURL: opts.baseUrl },
    // ChatOpenAI retries failed calls 6 times by default, with backoff. Make the policy
    // explicit: here an error reaches the caller, who owns the retry policy.
    maxRetries: 0,
  };
  // Temperature 0 for the router: the same question should route the same way every time.
  const classifier = new ChatOpenAI({ ...client, temperature: 0 });
  const answerer = new ChatOpenAI(client);

  // Call 1: prompt -> model (AIMessage) -> its text -> the zod-validated route.
  const classify = RunnableSequence.from<{ question: string }, Route>([classifyPrompt, classifier, new StringOutputParser(), parseRoute]);

  // Call 2: the route picks the system prompt; the question goes in as it is.
  const respond = RunnableSequence.from<{ question: string; route: Route }, string>([
    (x: { question: string; route: Route }) => ({ system: SYSTEM_PROMPTS[x.route], question: x.question }),
    answerPrompt,
    answerer,
    new StringOutputParser(),
  ]);

  // A pipe hands each step only the previous step's output. RunnablePassthrough.assign keeps
  // the input and adds a key, so the question is still there when call 2 needs it.
  return RunnableSequence.from<{ question: string }, Routed>([
    RunnablePassthrough.assign({ route: classify }),
    // Wrong: the pipeline's whole state comes back ({ question, route, answer }), not the
    // { route, answer } the contract promises.
    RunnablePassthrough.assign({ answer: respond }),
  ]);
}

/** Classify, route and answer one question: exactly two model calls. */
export async function answer(question: string, opts: ModelOptions): Promise<Routed> {
  return buildChain(opts).invoke({ question });
}
