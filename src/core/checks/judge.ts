import type { ChatMessage } from '../model/types';

/**
 * The judge's prompt for `llm-rubric` checks, exported so a learner (and the panel) can read
 * exactly what the judge model was asked.
 */
export const JUDGE_SYSTEM_PROMPT = `You grade an AI system's output against a rubric.
Read the rubric and the output. Decide whether the output satisfies the rubric.
Reply with JSON only, no prose and no code fence:
{"pass": true or false, "score": a number from 0 to 1, "reason": "one sentence that cites the output"}`;

export function judgeMessages(rubric: string, output: string): ChatMessage[] {
  return [
    { role: 'system', content: JUDGE_SYSTEM_PROMPT },
    { role: 'user', content: `<rubric>\n${rubric}\n</rubric>\n\n<output>\n${output}\n</output>` },
  ];
}

export interface Verdict {
  pass: boolean;
  score: number;
  reason: string;
}

/** Reads the judge's reply; tolerates a code fence or prose around the JSON object. */
export function parseVerdict(text: string): Verdict | { error: string } {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return { error: `The judge did not reply with JSON: ${text.slice(0, 200)}` };
  let v: unknown;
  try {
    v = JSON.parse(text.slice(start, end + 1));
  } catch (e) {
    return { error: `The judge's JSON did not parse (${(e as Error).message}): ${text.slice(0, 200)}` };
  }
  const o = v as { pass?: unknown; score?: unknown; reason?: unknown };
  if (typeof o.pass !== 'boolean') return { error: 'The judge\'s verdict has no boolean "pass".' };
  const score = typeof o.score === 'number' && Number.isFinite(o.score) ? Math.max(0, Math.min(1, o.score)) : o.pass ? 1 : 0;
  return { pass: o.pass, score, reason: typeof o.reason === 'string' && o.reason ? o.reason : o.pass ? 'The judge found the rubric met.' : 'The judge found the rubric not met.' };
}
