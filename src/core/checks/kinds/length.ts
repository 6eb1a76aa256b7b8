import type { CheckHandler } from '../types';
import { asText, outcome } from '../format';

function inRange(what: string, n: number, min: number | undefined, max: number | undefined) {
  const range = `${min ?? 0}…${max ?? '∞'}`;
  const pass = (min === undefined || n >= min) && (max === undefined || n <= max);
  return pass ? outcome(true, `${what} is ${n}, within ${range}.`) : outcome(false, `${what} is ${n}, outside ${range}.`, { expected: range, actual: n });
}

/** Array length for arrays, character length for everything else. */
export const length: CheckHandler = (spec, { output }) =>
  Array.isArray(output) ? inRange('Array length', output.length, spec.min, spec.max) : inRange('Length', asText(output).length, spec.min, spec.max);

export const wordCount: CheckHandler = (spec, { output }) => {
  const words = asText(output).trim().split(/\s+/).filter(Boolean).length;
  return inRange('Word count', words, spec.min, spec.max);
};
