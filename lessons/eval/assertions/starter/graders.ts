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
 * every key in `keys` at its top level. score = share of the keys present (1 for no keys).
 * Not JSON, or JSON that is not an object (an array, null, a string): pass false, score 0.
 * A failing reason names every missing key.
 */
export function jsonHasKeys(output: string, keys: string[]): Grade {
  throw new Error('TODO: implement jsonHasKeys()');
}

/**
 * Every term must occur in the output as a substring, ignoring case.
 * score = share of the terms found; no terms passes with score 1.
 * A failing reason names every missing term.
 */
export function containsAll(output: string, terms: string[]): Grade {
  throw new Error('TODO: implement containsAll()');
}

/**
 * At most `n` words, a word being a run of non-whitespace characters.
 * score = 1 within the limit, n / words over it. The reason gives the word count and the limit.
 */
export function maxWords(output: string, n: number): Grade {
  throw new Error('TODO: implement maxWords()');
}

/**
 * The whole output must be one of the `allowed` labels, ignoring case, surrounding
 * whitespace and one trailing period ("Billing." matches "billing"). score 1 or 0.
 * A failing reason quotes the output and lists the allowed labels.
 */
export function matchesLabel(output: string, allowed: string[]): Grade {
  throw new Error('TODO: implement matchesLabel()');
}
