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

const KNOWN = new Set<string>(INTENTS);

export function normaliseLabel(raw: string): Route {
  let s = raw.trim().toLowerCase();
  while (s && !/[a-z]/.test(s[0])) s = s.slice(1);
  while (s && !/[a-z]/.test(s[s.length - 1])) s = s.slice(0, -1);
  return KNOWN.has(s) ? (s as Intent) : 'other';
}

async function chat(opts: ModelOptions, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${opts.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...body, model: opts.model }),
  });
  const payload = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`model call failed with ${res.status}: ${payload}`);
  return JSON.parse(payload).choices?.[0]?.message?.content ?? '';
}

export async function answer(question: string, opts: ModelOptions): Promise<Routed> {
  const ask = (system: string) => [
    { role: 'system', content: system },
    { role: 'user', content: question },
  ];
  const route = normaliseLabel(await chat(opts, { temperature: 0, messages: ask(CLASSIFY_PROMPT) }));
  return { route, answer: await chat(opts, { messages: ask(SYSTEM_PROMPTS[route]) }) };
}
