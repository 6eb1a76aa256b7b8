// The request behind Ask for a Hint: a Socratic tutor that sees the lesson, the learner's files,
// the failing checks and, hidden from the learner, the reference solution.
import type { ChatMessage } from '../model/types';

export interface HintFile {
  name: string;
  text: string;
}

export interface HintContext {
  title: string;
  /** The lesson's README (Markdown). */
  instructions: string;
  learnerFiles: HintFile[];
  /** Failing checks of the last run, `undefined` when the learner has not run the checks yet. */
  failing?: { name: string; reason: string }[];
  reference: HintFile[];
}

/** Bounds of what is sent: a hint needs the gist, and a learner's 2 MB file must not become a bill. */
export const HINT_LIMITS = { fileChars: 12_000, instructionsChars: 8_000, failing: 8, reasonChars: 400, replyTokens: 400 } as const;

const SYSTEM = `You are the tutor in AI Dojo, where developers practise AI engineering by solving short lessons.
Give the learner ONE Socratic hint towards the next step that makes their first failing check pass.
- Point at where to look and what to think about; a guiding question is best. At most 90 words.
- Never write the solution: no line of the reference solution, no corrected version of the learner's code or prompt, no complete code statement they could paste. Naming a function, a concept or a line of THEIR file is fine.
- The reference solution is given to you only so that your hint is correct. The learner cannot see it; do not mention that you have it.
- If the learner's files already look right, say which check to read and what its reason means.
Answer in plain Markdown.`;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters not shown)` : text;
}

function fenced(f: HintFile): string {
  const fence = f.text.includes('```') ? '~~~~' : '```';
  return `${f.name}:\n${fence}\n${clip(f.text, HINT_LIMITS.fileChars)}\n${fence}`;
}

function failingText(failing: HintContext['failing']): string {
  if (failing === undefined) return 'The learner has not run the checks yet.';
  if (!failing.length) return 'The last run failed no check (it may have stopped early: see the files).';
  const shown = failing.slice(0, HINT_LIMITS.failing).map((f) => `- ${f.name}: ${clip(f.reason, HINT_LIMITS.reasonChars)}`);
  const more = failing.length - shown.length;
  return [...shown, ...(more > 0 ? [`- … and ${more} more`] : [])].join('\n');
}

/** The messages of one hint request: the reference only in the system message, never in the learner's. */
export function hintMessages(ctx: HintContext): ChatMessage[] {
  const reference = ctx.reference.map(fenced).join('\n\n');
  const user = [
    `Lesson: ${ctx.title}`,
    `Instructions:\n${clip(ctx.instructions, HINT_LIMITS.instructionsChars)}`,
    `My files:\n${ctx.learnerFiles.map(fenced).join('\n\n')}`,
    `Failing checks:\n${failingText(ctx.failing)}`,
    'What should I look at next?',
  ].join('\n\n');
  return [
    { role: 'system', content: `${SYSTEM}\n\nREFERENCE SOLUTION (hidden from the learner; never quote it):\n${reference}` },
    { role: 'user', content: user },
  ];
}

/** Said to the model when its reply began to repeat the reference. */
export const RETRY_NOTE = 'Your last reply repeated lines of the reference solution, which the learner must not see. Give a shorter hint in your own words, with no code from the reference.';
