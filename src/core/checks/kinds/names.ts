/** Every check kind a lesson may use. Any kind can be negated with a `not-` prefix. */
export const BASE_CHECK_KINDS = [
  'equals',
  'approx',
  'javascript',
  'throws',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'regex',
  'starts-with',
  'is-json',
  'json-schema',
  'length',
  'word-count',
] as const;

/**
 * Kinds that need the model or the call's measurements (prompt lessons): graded by the prompt
 * runner, not by a pure handler. similar: embedding cosine >= threshold; llm-rubric: a judge
 * model grades against `value`; latency: ms <= threshold; cost: USD <= threshold.
 */
export const MODEL_CHECK_KINDS = ['similar', 'llm-rubric', 'latency', 'cost'] as const;

/**
 * Kinds the runner grades by calling the learner's function and the reference's (not negatable):
 * property: the same generated arguments to both, compared (src/core/checks/property/).
 */
export const REFERENCE_CHECK_KINDS = ['property'] as const;

export type BaseCheckKind = (typeof BASE_CHECK_KINDS)[number];
export type ModelCheckKind = (typeof MODEL_CHECK_KINDS)[number];
export type ReferenceCheckKind = (typeof REFERENCE_CHECK_KINDS)[number];
export type CheckKind = BaseCheckKind | ModelCheckKind | ReferenceCheckKind | `not-${BaseCheckKind | ModelCheckKind}`;

export const ALL_CHECK_KINDS: readonly CheckKind[] = [
  ...BASE_CHECK_KINDS,
  ...MODEL_CHECK_KINDS,
  ...REFERENCE_CHECK_KINDS,
  ...BASE_CHECK_KINDS.map((k) => `not-${k}` as const),
  ...MODEL_CHECK_KINDS.map((k) => `not-${k}` as const),
];

export function splitNegation(kind: CheckKind): { base: BaseCheckKind | ModelCheckKind; negated: boolean } {
  return kind.startsWith('not-')
    ? { base: kind.slice(4) as BaseCheckKind, negated: true }
    : { base: kind as BaseCheckKind, negated: false };
}

export function isModelCheck(kind: string): boolean {
  return (MODEL_CHECK_KINDS as readonly string[]).includes(kind.replace(/^not-/, ''));
}

export function isReferenceCheck(kind: string): boolean {
  return (REFERENCE_CHECK_KINDS as readonly string[]).includes(kind);
}
