export type PiiKind = 'card' | 'email' | 'phone';

export interface Detection {
  /** True when the text looks like an attempt to override the model's instructions. */
  injection: boolean;
  /** The kinds of personal data found, sorted, each once. */
  pii: PiiKind[];
}

/**
 * The Luhn checksum that every payment card number satisfies. `digits` holds digits only;
 * anything else (or an empty string) is not valid.
 */
export function luhnValid(digits: string): boolean {
  throw new Error('TODO: implement luhnValid()');
}

/**
 * Flags prompt-injection attempts (your heuristics: case-insensitive patterns, see README.md)
 * and lists the kinds of PII in `text`: 'card' (a number that passes Luhn), 'email', 'phone'.
 */
export function detect(text: string): Detection {
  throw new Error('TODO: implement detect()');
}

/**
 * `text` with every email, card number and phone number replaced by [EMAIL], [CARD] or
 * [PHONE]; everything else unchanged.
 */
export function redact(text: string): string {
  throw new Error('TODO: implement redact()');
}

/** Given: runs `detect` on the text of every item (the checks use it to score a labelled set). */
export function detectAll(items: { text: string }[]): Detection[] {
  return items.map((item) => detect(item.text));
}
