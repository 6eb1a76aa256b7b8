export type PiiKind = 'card' | 'email' | 'phone';

export interface Detection {
  /** True when the text looks like an attempt to override the model's instructions. */
  injection: boolean;
  /** The kinds of personal data found, sorted, each once. */
  pii: PiiKind[];
}

// Heuristics, not a proof: each pattern names the shape of a known attack, and each is narrow
// enough to leave ordinary text alone ("ignore the previous error" is not an attack; "ignore the
// previous instructions" is). All are case-insensitive: attackers SHOUT.
// Stryker disable Regex: the patterns are the learner's own heuristic (README: "the patterns are yours"), graded by
// precision and recall on the labelled set and the named cases, not pattern by pattern: another regex is another answer.
const INJECTION_PATTERNS: RegExp[] = [
  // Override: "ignore all previous instructions", "disregard the system prompt", "override the safety guidelines".
  /\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+)?(?:(?:the|your|my|these|those|of)\s+)?(?:previous|prior|above|earlier|preceding|original|system|safety)\s+(?:\w+\s+)?(?:instructions?|prompts?|rules|guidelines|directives|guardrails)\b/i,
  // Override addressed to the model: "forget your rules", "ignore all your guidelines".
  /\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+(?:of\s+)?)?your\s+(?:\w+\s+)?(?:instructions|rules|guidelines|programming|restrictions)\b/i,
  // Prompt extraction: "reveal your hidden instructions", "show me your system prompt".
  /\b(?:reveal|show|print|repeat|output|leak|display|tell)\s+(?:me\s+)?your\s+(?:\w+\s+)?(?:system\s+prompt|prompt|instructions|system\s+message|rules)\b/i,
  // A new persona without limits: "from now on you are X with no restrictions", "pretend you are ... without any policies".
  /\b(?:you\s+are\s+now|from\s+now\s+on,?\s+you(?:\s+are|'re|\s+will)|pretend\s+(?:to\s+be|you\s+are)|act\s+as|roleplay\s+as)\b[^\n]{0,80}?\b(?:no|without|free\s+of)\s+(?:\w+\s+){0,2}(?:restrictions|rules|filters|limits|guidelines|censorship|policies)\b/i,
  /\bdo\s+anything\s+now\b/i,
  // Chat-template markup smuggled into user text.
  /<\|(?:im_start|im_end|system|assistant|user|endoftext)\|>|\[\/?INST\]|<\/?(?:system|sys)>/i,
  // A header that announces new instructions.
  /^\s*(?:#+\s*)?new\s+(?:system\s+)?instructions?\s*:/im,
  // Indirect injection: text addressed to the model that will read a document or page.
  /\b(?:AI|assistant|language\s+model|LLM|chatbot)s?\b[^.\n]{0,40}\breading\s+this\b/i,
  /\bwhen\s+you\s+(?:read|see|process|summari[sz]e)\s+this\b/i,
];
// Stryker restore Regex

// Local part with dots, plus-tags, % and -; a domain of one or more labels (hyphens allowed), then a TLD.
const EMAIL = /[a-z0-9._%+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}/gi;
// 13 to 19 digits, optionally in groups split by single spaces or dashes, not inside a longer number
// and not after "+" (that is a phone number). Luhn decides whether it really is a card number.
const CARD = /(?<![\d+-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
// Optional +country code, optional (area code), then digit groups split by single spaces or dashes.
// Not followed by a letter, digit or ":" (so a "2025-03-06 14:20" timestamp is not one).
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ -]?)?(?:\(\d{1,4}\)[ -]?)?\d+(?:[ -]\d+)*(?![\w:])/g;

/** The Luhn checksum that every payment card number satisfies. `digits` holds digits only. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // From the right: every second digit is doubled, and 9 is subtracted when that gives 10 or more.
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** 10 to 15 digits, and written like a phone number: a leading "+" or a separator. */
function isPhone(match: string): boolean {
  const digits = match.replace(/\D/g, '').length;
  return digits >= 10 && digits <= 15 && (match.startsWith('+') || /[ ()-]/.test(match));
}

/**
 * Finds PII and masks it. Emails first (their local part may hold digits), then cards (so a
 * 15-digit card is not taken for a phone number), then phone numbers.
 */
function scan(text: string): { kinds: Set<PiiKind>; redacted: string } {
  const kinds = new Set<PiiKind>();
  let out = text.replace(EMAIL, () => {
    kinds.add('email');
    return '[EMAIL]';
  });
  out = out.replace(CARD, (m) => {
    if (!luhnValid(m.replace(/\D/g, ''))) return m; // a long number, not a card
    kinds.add('card');
    return '[CARD]';
  });
  out = out.replace(PHONE, (m) => {
    if (!isPhone(m)) return m;
    kinds.add('phone');
    return '[PHONE]';
  });
  return { kinds, redacted: out };
}

/** Flags prompt-injection attempts and lists the kinds of PII in `text`. */
export function detect(text: string): Detection {
  return {
    injection: INJECTION_PATTERNS.some((p) => p.test(text)),
    pii: [...scan(text).kinds].sort(),
  };
}

/** `text` with every email, card number and phone number replaced by [EMAIL], [CARD] or [PHONE]. */
export function redact(text: string): string {
  return scan(text).redacted;
}

/** Given: runs `detect` on the text of every item (the checks use it to score a labelled set). */
export function detectAll(items: { text: string }[]): Detection[] {
  return items.map((item) => detect(item.text));
}
