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

export type BaseCheckKind = (typeof BASE_CHECK_KINDS)[number];
export type CheckKind = BaseCheckKind | `not-${BaseCheckKind}`;

export const ALL_CHECK_KINDS: readonly CheckKind[] = [
  ...BASE_CHECK_KINDS,
  ...BASE_CHECK_KINDS.map((k) => `not-${k}` as const),
];

export function splitNegation(kind: CheckKind): { base: BaseCheckKind; negated: boolean } {
  return kind.startsWith('not-')
    ? { base: kind.slice(4) as BaseCheckKind, negated: true }
    : { base: kind as BaseCheckKind, negated: false };
}
