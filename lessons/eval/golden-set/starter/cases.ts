/** The labels the ticket classifier may return. */
export const LABELS = ['billing', 'bug', 'feature', 'other'] as const;
export type Label = (typeof LABELS)[number];

/**
 * Tags say why a case is in the set. Every case has `typical`, `ambiguous` or `adversarial`;
 * an adversarial case also has exactly one kind: `injection`, `empty-ish`, `multilingual` or `long`.
 */
export const TAGS = ['typical', 'ambiguous', 'adversarial', 'injection', 'empty-ish', 'multilingual', 'long'] as const;
export type Tag = (typeof TAGS)[number];

export interface Case {
  /** Unique and stable, such as "billing-01": runs are compared case by case through it. */
  id: string;
  /** The ticket text exactly as the classifier receives it. */
  input: string;
  /** The label a careful human gives this ticket, following the labelling guide in README.md. */
  expected: Label;
  /** Why the case is here; see TAGS. */
  tags: Tag[];
}

/**
 * Your golden set. Two cases to show the shape; the checks want at least 12,
 * following the plan in README.md.
 */
export const cases: Case[] = [
  { id: 'billing-01', input: 'I was charged twice for my March invoice. Please refund one of the two payments.', expected: 'billing', tags: ['typical'] },
  { id: 'bug-01', input: "Export to CSV downloads an empty file since this morning's update. Same result in Chrome and Firefox.", expected: 'bug', tags: ['typical'] },
];

/** Given: the checks call this. Do not change it. */
export function getCases(): Case[] {
  return cases;
}
