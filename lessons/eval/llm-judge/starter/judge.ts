/** Given: what the judge grades against. Policy facts the answers must agree with. */
export const RUBRIC = `You grade answers of the Fernhill Coffee support assistant.
Policy facts:
- Unopened bags can be returned within 30 days of delivery for a full refund; opened bags cannot be returned.
- Approved refunds are paid within 5 working days.
- Shipping is free on orders over 50 EUR; below that it costs 6.90 EUR. Orders are dispatched within 2 working days.
- Invoices can be downloaded under Account > Invoices.
- A wholesale account needs a VAT number.
An answer PASSES only if it answers the question that was asked, agrees with every policy fact it touches,
states nothing the policy does not support, and is polite. Score it from 1 (useless or wrong) to 10 (fully correct).`;

/** A score (0..1) at or above this passes when the judge gave no explicit verdict. */
export const PASS_THRESHOLD = 0.7;

export interface Verdict {
  pass: boolean;
  /** Normalised to 0..1. */
  score: number;
  reason: string;
}

export interface JudgeItem {
  id: string;
  question: string;
  answer: string;
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/**
 * The judge request, without `model` (judgeAll adds it): `{ messages, temperature: 0 }`.
 * - a system message with the `rubric`, word for word, and the output format
 *   `{"reason": "<why>", "score": <1-10>, "pass": <true|false>}`: the reason comes first;
 * - a user message with the question inside `<question>…</question>` and the answer inside
 *   `<answer>…</answer>`.
 */
export function buildJudgeRequest(question: string, answer: string, rubric: string): { messages: ChatMessage[]; temperature: number } {
  throw new Error('TODO: implement buildJudgeRequest()');
}

/**
 * Reads a judge's reply (see README.md for the formats): JSON (bare, fenced or with prose
 * around it) or labelled lines (`Reason:`, `Score:`, a standalone PASS or FAIL).
 * - score normalised to 0..1: "n/m" or "n out of m" is n / m; a bare number is out of 10;
 * - pass: the explicit verdict if there is one, else score >= PASS_THRESHOLD;
 * - returns null when there is neither a score nor a verdict.
 */
export function parseVerdict(text: string): Verdict | null {
  throw new Error('TODO: implement parseVerdict()');
}

/**
 * Judges every item, one request at a time and in order (POST `${baseUrl}/chat/completions`
 * with `{ model, ...buildJudgeRequest(question, answer, rubric ?? RUBRIC) }`), and returns
 * `{ id, pass, score, reason }` per item. An unparseable reply gives `{ pass: false, score: 0 }`.
 */
export async function judgeAll(
  items: JudgeItem[],
  opts: { baseUrl: string; model: string; rubric?: string },
): Promise<(Verdict & { id: string })[]> {
  throw new Error('TODO: implement judgeAll()');
}

// ---------------------------------------------------------------------------------------
// Given: used by the checks to run parseVerdict over a list of recorded judge outputs.

export function parseAll(cases: { text: string }[]): (Verdict | null)[] {
  return cases.map((c) => parseVerdict(c.text));
}
