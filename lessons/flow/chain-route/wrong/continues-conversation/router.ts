// The prompts are part of the lesson: use them as they are.

/** The intents the classifier may answer with. */
export const INTENTS = ['billing', 'technical', 'account'] as const;
export type Intent = (typeof INTENTS)[number];
/** Where a question goes: one of the intents, or "other" when the label is not one of them. */
export type Route = Intent | 'other';

/** Call 1: a constrained classifier. One word out, nothing else. */
export const CLASSIFY_PROMPT =
  'You route customer messages for Lumen, a project-management app. Classify the message into exactly one intent:\n' +
  '- billing: invoices, charges, refunds, plans and payment methods\n' +
  '- technical: errors, bugs, outages, integrations and performance\n' +
  '- account: sign-in, passwords, two-factor authentication, profile and team membership\n' +
  'Reply with the intent name only, in lowercase, with no punctuation. If none fits, reply: other';

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
  /** e.g. "https://api.openai.com/v1"; requests go to `${baseUrl}/chat/completions`. */
  baseUrl: string;
  /** The model name sent in both requests. */
  model: string;
}

export interface Routed {
  /** The route taken: an intent, or "other". */
  route: Route;
  /** The content of the second call's reply. */
  answer: string;
}

interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * Turns the classifier's raw reply into a route: trim, lowercase, strip anything that is not
 * a letter from both ends; an exact intent name routes there, anything else to "other".
 */
export function normaliseLabel(raw: string): Route {
  const label = raw.trim().toLowerCase().replace(/^[^a-z]+|[^a-z]+$/g, '');
  // An exact match only: "billing or account" is not a decision, so it goes to "other".
  return (INTENTS as readonly string[]).includes(label) ? (label as Intent) : 'other';
}

/** One chat completion; returns the reply's text. Any non-2xx status is an error. */
async function complete(opts: ModelOptions, messages: Message[], extra: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${opts.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: opts.model, messages, ...extra }),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  const data = (await res.json()) as { choices: { message: { content: string | null } }[] };
  return data.choices[0]?.message.content ?? '';
}

/**
 * Classify `question` (call 1), then answer it with the routed system prompt (call 2).
 * Always exactly two model calls.
 */
export async function answer(question: string, opts: ModelOptions): Promise<Routed> {
  // Call 1: temperature 0, because routing should not change between runs.
  const label = await complete(
    opts,
    [
      { role: 'system', content: CLASSIFY_PROMPT },
      { role: 'user', content: question },
    ],
    { temperature: 0 },
  );
  const route = normaliseLabel(label);
  // Call 2: a fresh conversation. The route picks the system prompt; the question goes
  // in as it is, because the label alone is not enough to answer it.
  // Wrong: call 2 continues call 1's conversation, so the classifier's instructions ("reply
  // with the intent name only") are still the first system message the model reads.
  const reply = await complete(opts, [
    { role: 'system', content: CLASSIFY_PROMPT },
    { role: 'user', content: question },
    { role: 'assistant', content: label },
    { role: 'system', content: SYSTEM_PROMPTS[route] },
    { role: 'user', content: question },
  ]);
  return { route, answer: reply };
}
