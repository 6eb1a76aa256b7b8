// The live model's API key must never leave the verifier: not in a problem line, not in the JSON
// report, not when learner code or a check prints or throws it (the sandbox gets a clean
// environment, but code could still come by the key some other way). Every string of a report is
// scrubbed of the key's value before anyone sees it.
import { redact } from '../model/errors';

/** A copy of `value` with every occurrence of `secret` in any string (keys included) replaced. */
export function redactDeep<T>(value: T, secret: string | undefined): T {
  if (!secret || secret.length < 4) return value;
  return scrub(value, secret, 0) as T;
}

function scrub(v: unknown, secret: string, depth: number): unknown {
  if (typeof v === 'string') return redact(v, secret);
  if (typeof v !== 'object' || v === null || depth > 64) return v;
  if (Array.isArray(v)) return v.map((x) => scrub(x, secret, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k, secret), scrub(x, secret, depth + 1)]));
}
