// What New Lesson… writes: a small lesson that already verifies (the reference passes, the
// starter and the wrong solution fail), so an author starts from something that works and edits it.

export type LessonKind = 'code' | 'prompt';

export interface NewLesson {
  /** `<track>/<name>`, as in the pack. */
  id: string;
  title: string;
  kind: LessonKind;
}

const codeManifest = (l: NewLesson) => ({
  id: l.id,
  title: l.title,
  kind: 'code',
  summary: 'Keep a model prompt under a word budget without cutting a word in half.',
  minutes: 10,
  difficulty: 'intro',
  instructions: 'README.md',
  files: ['solution.ts'],
  call: 'truncateWords',
  hints: [
    'Split on whitespace and drop empty strings: `text.split(/\\s+/).filter(Boolean)`.',
    'Return the text unchanged when it fits; otherwise join the first `maxWords` words with single spaces and add `…`.',
  ],
  checks: [
    { name: 'a text within the budget comes back unchanged', args: ['Refunds take five days.', 10], type: 'equals', value: 'Refunds take five days.' },
    { name: 'a longer text keeps the first maxWords words and ends with …', args: ['one two three four five six', 4], type: 'equals', value: 'one two three four …', hint: 'Count words, not characters.' },
    { name: 'never more than maxWords words', args: ['a b c d e f g h i j k l', 5], type: 'javascript', value: "output.replace(' …', '').split(/\\s+/).length <= args[1]" },
  ],
});

const promptManifest = (l: NewLesson) => ({
  id: l.id,
  title: l.title,
  kind: 'prompt',
  summary: 'Classify a support ticket with a label a program can read.',
  minutes: 10,
  difficulty: 'intro',
  instructions: 'README.md',
  files: ['classify.prompty'],
  hints: ['List the labels the answer may use, spelled exactly.', 'Ask for the label alone: no sentence around it.'],
  staticChecks: [{ name: 'the prompt lists every label', type: 'contains-all', value: ['billing', 'bug', 'other'], on: 'system' }],
  checks: [{ name: 'the answer is one label', type: 'regex', value: '^(billing|bug|other)$' }],
  cases: [
    { name: 'double charge', vars: { ticket: 'I was charged twice this month.' }, checks: [{ name: 'billing', type: 'equals', value: 'billing' }] },
    { name: 'crash', vars: { ticket: 'The app crashes when I open settings.' }, checks: [{ name: 'bug', type: 'equals', value: 'bug' }] },
  ],
});

/** Relative path -> content for a new lesson folder. */
export function lessonFiles(l: NewLesson): Record<string, string> {
  const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
  if (l.kind === 'prompt') {
    return {
      'lesson.json': json(promptManifest(l)),
      'README.md': `# ${l.title}\n\nA program reads this answer, so the prompt is an interface: the labels are its enum, and anything\naround the label is a parse error waiting to happen.\n\n## Your task\n\nEdit \`classify.prompty\` so the model answers with exactly one of \`billing\`, \`bug\` or \`other\`.\n\n## What the checks verify\n\nThe system prompt lists every label (offline); each case's answer is one label, and the right one.\n`,
      'starter/classify.prompty': 'system:\nYou help the support team.\n\nuser:\n{{ticket}}\n',
      'solution/classify.prompty': 'system:\nClassify the support ticket. Answer with exactly one label and nothing else: billing, bug or other.\n\nuser:\n{{ticket}}\n',
      'wrong/labels-not-listed/classify.prompty': 'system:\nClassify the support ticket. Answer with one word.\n\nuser:\n{{ticket}}\n',
      'verify/replies.json': json({ reference: { 'double charge': 'billing', crash: 'bug' }, wrong: { 'double charge': 'This is a billing issue.', crash: 'bug' } }),
    };
  }
  return {
    'lesson.json': json(codeManifest(l)),
    'README.md': `# ${l.title}\n\nEvery model has a context budget, and the text you send must fit it. Cutting by characters splits\nwords and wastes tokens; cutting by words is the simplest budget that keeps the text readable.\n\n## Your task\n\nImplement \`truncateWords(text, maxWords)\` in \`solution.ts\`: return the text unchanged when it has at most\n\`maxWords\` words; otherwise the first \`maxWords\` words joined by single spaces, followed by \` …\`.\n\n## What the checks verify\n\nShort texts are unchanged; long ones keep the first words and end with \`…\`; never more than \`maxWords\` words.\n`,
    'starter/solution.ts': "export function truncateWords(text: string, maxWords: number): string {\n  throw new Error('TODO: implement truncateWords()');\n}\n",
    'solution/solution.ts':
      "export function truncateWords(text: string, maxWords: number): string {\n  const words = text.split(/\\s+/).filter(Boolean);\n  // Within the budget: leave the text as the author wrote it.\n  if (words.length <= maxWords) return text;\n  return `${words.slice(0, maxWords).join(' ')} …`;\n}\n",
    'wrong/cuts-characters/solution.ts': "export function truncateWords(text: string, maxWords: number): string {\n  // A common mistake: a character budget instead of a word budget.\n  return text.length <= maxWords * 5 ? text : `${text.slice(0, maxWords * 5)} …`;\n}\n",
  };
}
