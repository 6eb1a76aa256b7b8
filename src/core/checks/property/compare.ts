// The built-in comparators of a property check: the learner's result against the reference's.
import { deepEqual, firstDifference } from '../deepEqual';
import { show } from '../format';
import { canonical } from './arbitraries';

export const COMPARATORS = ['deep-equal', 'approx', 'same-set', 'javascript'] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** Agree, or where they differ (in the learner's terms: "expected" is the reference's). */
export interface Verdict {
  pass: boolean;
  detail?: string;
}

/** Like deepEqual, with numbers equal within `tol` (absolute difference); both sides' keys count. */
function approxDifference(a: unknown, b: unknown, tol: number, path: string): string | undefined {
  const at = path || 'value';
  if (typeof a === 'number' && typeof b === 'number') {
    return Object.is(a, b) || Math.abs(a - b) <= tol ? undefined : `${at} is ${a}, expected ${b} ± ${tol}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at} has length ${a.length}, expected ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = approxDifference(a[i], b[i], tol, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => a[k] !== undefined || b[k] !== undefined));
    for (const k of keys) {
      const d = approxDifference(a[k], b[k], tol, path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  return firstDifference(a, b, path);
}

/** Same elements with the same multiplicities, in any order. */
function sameSetDifference(a: unknown, b: unknown): string | undefined {
  if (!Array.isArray(a) || !Array.isArray(b)) return Array.isArray(b) ? `value is ${show(a, 80)}, expected a list` : firstDifference(a, b);
  const count = new Map<string, { n: number; v: unknown }>();
  for (const v of b) {
    const k = canonical(v);
    count.set(k, { n: (count.get(k)?.n ?? 0) + 1, v });
  }
  for (const v of a) {
    const k = canonical(v);
    const c = count.get(k);
    if (!c || c.n === 0) return `${show(v, 120)} is not in the reference's result${c ? ' that often' : ''}`;
    c.n--;
  }
  const left = [...count.values()].find((c) => c.n > 0);
  return left ? `${show(left.v, 120)} is missing${a.some((v) => canonical(v) === canonical(left.v)) ? ' (it appears fewer times than in the reference)' : ''}` : undefined;
}

/** The built-in comparators; `javascript` is the lesson's own and is evaluated elsewhere. */
export function compareBuiltIn(kind: Exclude<Comparator, 'javascript'>, actual: unknown, expected: unknown, tolerance = 1e-6): Verdict {
  const detail =
    kind === 'approx' ? approxDifference(actual, expected, tolerance, '') :
    kind === 'same-set' ? sameSetDifference(actual, expected) :
    deepEqual(actual, expected) ? undefined : firstDifference(actual, expected);
  return detail ? { pass: false, detail } : { pass: true };
}
