// Given: the four roles of the support team (their instructions), the workers' tools and the
// plan schema. You do not need to change this file.
import { tool } from '@openai/agents';
import { z } from 'zod';

/** The workers, in the order the planner may list them. Each worker result is cited by its id. */
export const WORKER_IDS = ['billing', 'docs'] as const;
export type WorkerId = (typeof WORKER_IDS)[number];

/** What the planner returns: one subtask per worker it needs. */
export const PlanSchema = z.object({
  subtasks: z.array(
    z.object({
      worker: z.enum(WORKER_IDS).describe('Which worker does this subtask.'),
      task: z.string().describe('The subtask, self-contained: the worker sees nothing else.'),
    }),
  ),
});
export type Plan = z.infer<typeof PlanSchema>;

/** The system prompt (`instructions`) of each agent. */
export const INSTRUCTIONS = {
  planner:
    'You are the planner of the Quillstack support team. Split the customer question into subtasks, ' +
    'at most one per worker: "billing" (accounts, seats, prices, invoices) and "docs" (how the product ' +
    'works). Write each subtask so that it can be done without the question. Reply with the plan only.',
  billing:
    'You are the billing worker of the Quillstack support team. Use get_account to look up the customer. ' +
    'Answer your subtask in at most two sentences, with the figures.',
  docs:
    'You are the docs worker of the Quillstack support team. Use search_docs to find the help articles ' +
    'that answer your subtask, and name the article ids you used. At most two sentences.',
  reviewer:
    'You are the reviewer of the Quillstack support team. You get the customer question and the results ' +
    'of the workers, each marked with its id in brackets, e.g. [billing]. Write one answer for the ' +
    'customer from these results only, and cite each result you use as [id]. When a result FAILED, say ' +
    'which part of the question you could not answer.',
} as const;

interface Account {
  customerId: string;
  company: string;
  plan: 'Team' | 'Business';
  seats: number;
  pricePerSeat: number;
  currency: 'EUR';
  cycle: 'monthly' | 'annual';
  renewsOn: string;
}

const ACCOUNTS: Record<string, Account> = {
  'C-1042': { customerId: 'C-1042', company: 'Harbor & Pine Studio', plan: 'Team', seats: 12, pricePerSeat: 15, currency: 'EUR', cycle: 'monthly', renewsOn: '2025-06-01' },
  'C-2210': { customerId: 'C-2210', company: 'Fenwick Labs', plan: 'Business', seats: 40, pricePerSeat: 24, currency: 'EUR', cycle: 'annual', renewsOn: '2026-01-15' },
};

const ARTICLES = [
  { id: 'seats-proration', title: 'Adding seats mid-cycle', text: 'Seats added during a billing period are charged pro rata for the days left until the renewal date. From the next invoice on, they are billed at the full seat price.' },
  { id: 'shared-workspace', title: 'The shared workspace', text: 'Every seat on a Team or Business plan belongs to the shared workspace from the moment it is added, with access to all shared folders.' },
  { id: 'seat-removal', title: 'Removing seats', text: 'Seats removed mid-cycle stay paid until the renewal date. There are no partial refunds.' },
  { id: 'plan-limits', title: 'Plan limits', text: 'The Team plan holds up to 50 seats. Larger teams move to the Business plan, which adds single sign-on.' },
  { id: 'invoices', title: 'Reading your invoice', text: 'Each invoice lists seats, the price per seat, prorated charges and VAT on separate lines.' },
];

const words = (s: string): string[] => s.toLowerCase().match(/[a-z0-9-]+/g) ?? [];

/** The billing worker's tool. */
export const getAccount = tool({
  name: 'get_account',
  description: 'Look up a customer account by id (e.g. C-1042): plan, seats, price per seat, billing cycle and renewal date.',
  parameters: z.object({ customerId: z.string().describe('Customer id, e.g. C-1042') }),
  execute: async ({ customerId }) => {
    const account = ACCOUNTS[customerId];
    return JSON.stringify(account ?? { error: `no account with id ${customerId}` });
  },
});

/** The docs worker's tool: the two help articles that share the most words with the query. */
export const searchDocs = tool({
  name: 'search_docs',
  description: 'Search the Quillstack help centre. Returns the two best matching articles with their ids.',
  parameters: z.object({ query: z.string().describe('What to look for, in a few words') }),
  execute: async ({ query }) => {
    const q = new Set(words(query));
    const scored = ARTICLES.map((a) => ({ a, score: words(`${a.title} ${a.text}`).filter((w) => q.has(w)).length }));
    scored.sort((x, y) => y.score - x.score);
    return JSON.stringify(scored.slice(0, 2).map((s) => s.a));
  },
});

/** Each worker's own tools: a worker gets only these. */
export const WORKER_TOOLS = { billing: [getAccount], docs: [searchDocs] };
