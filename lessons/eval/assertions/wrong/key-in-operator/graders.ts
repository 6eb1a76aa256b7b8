/** What every grader returns: the harness aggregates `score`, gates on `pass`, and shows `reason`. */
export interface Grade {
  /** Did the output meet the requirement? */
  pass: boolean;
  /** How much of it was met, from 0 to 1 (1 when `pass`). */
  score: number;
  /** One line for the report: what was checked and, on a failure, exactly what is missing. */
  reason: string;
}

/**
 * The output must be a JSON object (the whole string, surrounding whitespace allowed) with
 * every key in `keys` at its top level. score = share of the keys present.
 */
export function jsonHasKeys(output: string, keys: string[]): Grade {
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch (e) {
    // Prose around the JSON or a code fence is a contract violation: the parser downstream will fail too.
    return { pass: false, score: 0, reason: `not valid JSON: ${(e as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { pass: false, score: 0, reason: `valid JSON, but ${what}, not a JSON object` };
  }
  const missing = keys.filter((k) => !(k in (value as object)));
  const score = keys.length === 0 ? 1 : (keys.length - missing.length) / keys.length;
  return missing.length === 0
    ? { pass: true, score: 1, reason: `JSON object with all ${keys.length} keys: ${keys.join(', ')}` }
    : { pass: false, score, reason: `JSON object missing ${missing.length} of ${keys.length} keys: ${missing.join(', ')}` };
}

/**
 * Every term must occur in the output as a substring, ignoring case.
 * score = share of the terms found; no terms passes with score 1.
 */
export function containsAll(output: string, terms: string[]): Grade {
  const text = output.toLowerCase();
  const missing = terms.filter((t) => !text.includes(t.toLowerCase()));
  const score = terms.length === 0 ? 1 : (terms.length - missing.length) / terms.length;
  return missing.length === 0
    ? { pass: true, score: 1, reason: `contains all ${terms.length} terms: ${terms.join(', ')}` }
    : { pass: false, score, reason: `missing ${missing.length} of ${terms.length} terms: ${missing.join(', ')}` };
}

/**
 * At most `n` words (runs of non-whitespace). score = 1 within the limit, n / words over it,
 * so 60 words against a limit of 50 scores 0.833.
 */
export function maxWords(output: string, n: number): Grade {
  // split(/\s+/) treats newlines, tabs and double spaces as one separator; filter drops the
  // empty strings a leading or trailing space leaves.
  const words = output.split(/\s+/).filter((w) => w.length > 0).length;
  return words <= n
    ? { pass: true, score: 1, reason: `${words} words, within the limit of ${n}` }
    : { pass: false, score: n / words, reason: `${words} words, ${words - n} over the limit of ${n}` };
}

/**
 * The whole output must be one of the `allowed` labels, ignoring case, surrounding
 * whitespace and one trailing period ("Billing." matches "billing"). score 1 or 0.
 */
export function matchesLabel(output: string, allowed: string[]): Grade {
  const label = output.trim().toLowerCase().replace(/\.$/, '');
  const hit = allowed.find((a) => a.toLowerCase() === label);
  return hit !== undefined
    ? { pass: true, score: 1, reason: `the label ${hit}` }
    : { pass: false, score: 0, reason: `${preview(output)} is not one of the labels: ${allowed.join(', ')}` };
}

/** The output quoted for a reason, cut to 60 characters so one bad output cannot flood the report. */
function preview(output: string): string {
  const one = output.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > 60 ? `${one.slice(0, 57)}...` : one);
}
