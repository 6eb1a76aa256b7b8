import type { CheckHandler } from '../types';
import { outcome } from '../format';

/** Walks expected and actual together; returns the first place where they are not within tolerance. */
function mismatch(actual: unknown, expected: unknown, tol: number, path: string): string | undefined {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || Number.isNaN(actual)) return `${path || 'value'} is ${typeof actual === 'number' ? String(actual) : (JSON.stringify(actual) ?? String(actual))}, expected a number near ${expected}`;
    return Object.is(actual, expected) || Math.abs(actual - expected) <= tol ? undefined : `${path || 'value'} is ${actual}, expected ${expected} ± ${tol}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path || 'value'} is not an array`;
    if (actual.length !== expected.length) return `${path || 'value'} has length ${actual.length}, expected ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(actual[i], expected[i], tol, `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return `${path || 'value'} is not an object`;
    for (const [k, v] of Object.entries(expected)) {
      const m = mismatch((actual as Record<string, unknown>)[k], v, tol, path ? `${path}.${k}` : k);
      if (m) return m;
    }
    return undefined;
  }
  return Object.is(actual, expected) ? undefined : `${path || 'value'} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
}

export const approx: CheckHandler = (spec, { output }) => {
  const tol = spec.tolerance ?? 1e-6;
  const m = mismatch(output, spec.value, tol, '');
  return m
    ? outcome(false, `Not within ${tol}: ${m}.`, { expected: spec.value, actual: output })
    : outcome(true, `Output is within ${tol} of the expected value.`);
};
