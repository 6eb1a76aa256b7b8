/** Given. Words ending in "." that do not end a sentence (compared in lowercase). */
export const ABBREVIATIONS: readonly string[] = ['e.g.', 'i.e.', 'approx.', 'incl.', 'vs.', 'dr.', 'mr.', 'ms.'];

/**
 * Given. Words that carry no fact of their own. Includes the letters left over when
 * "it's", "don't", "e.g." and "i.e." are cut into tokens. Negations ("not", "no") are
 * NOT stop words: they change what a claim says.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'then', 'so', 'of', 'to', 'in', 'on', 'at', 'by',
  'for', 'with', 'from', 'into', 'over', 'after', 'before', 'about', 'as', 'than', 'is', 'are',
  'was', 'were', 'be', 'been', 'being', 'am', 'do', 'does', 'did', 'has', 'have', 'had', 'can',
  'could', 'will', 'would', 'should', 'may', 'might', 'must', 'it', 'its', 'this', 'that',
  'these', 'those', 'there', 'here', 'you', 'your', 'we', 'our', 'us', 'they', 'their', 'them',
  'he', 'she', 'his', 'her', 'i', 'me', 'my', 'what', 'which', 'who', 'when', 'where', 'how',
  'also', 'just', 'only', 'very', 'any', 'all', 'some', 'more', 'most', 'such', 'sure', 'yes',
  'please', 's', 't', 'e', 'g',
]);

export interface ClaimVerdict {
  /** The claim's words joined by single spaces. */
  claim: string;
  /** Share of the claim's distinct content words found in the context, from 0 to 1. */
  support: number;
  /** support >= threshold. */
  supported: boolean;
}

export interface FaithfulnessResult {
  /** Supported claims / claims; 1 when there are no claims. */
  score: number;
  claims: ClaimVerdict[];
}

/** A word ends a sentence when its last character is . ! or ? and it is not an abbreviation. */
function endsSentence(word: string): boolean {
  if (!/[.!?]$/.test(word)) return false;
  // "(e.g." is still e.g.: strip an opening bracket or quote before the lookup.
  return !ABBREVIATIONS.includes(word.toLowerCase().replace(/^[("']+/, ''));
}

/**
 * Splits an answer into sentences (claims). Works on whitespace-separated words, so a "."
 * inside a word (2.5, v3.8.2) never splits; see README.md for the exact rule.
 */
export function splitClaims(answer: string): string[] {
  const words = answer.split(/\s+/).filter((w) => w.length > 0);
  const claims: string[] = [];
  let current: string[] = [];
  for (const word of words) {
    current.push(word);
    if (endsSentence(word)) {
      claims.push(current.join(' '));
      current = [];
    }
  }
  // Words after the last sentence end are a claim too.
  if (current.length > 0) claims.push(current.join(' '));
  return claims;
}

/**
 * The distinct content words of a text, in order of first appearance: lowercase tokens
 * (runs of letters and digits; "." or "," followed by a digit stays inside: 2.5, 1,200)
 * that are not stop words.
 */
export function contentWords(text: string): string[] {
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}]+(?:[.,]\p{N}+)*/gu) ?? [];
  return [...new Set(tokens.filter((t) => !STOP_WORDS.has(t)))];
}

/**
 * Faithfulness of an answer to its context: the share of the answer's claims whose content
 * words mostly (support >= threshold) appear in the context. Sentences without content
 * words ("Sure!") are not claims.
 */
export function faithfulness(answer: string, context: string, threshold: number): FaithfulnessResult {
  const known = new Set(contentWords(context));
  const claims: ClaimVerdict[] = [];
  for (const claim of splitClaims(answer)) {
    const words = contentWords(claim);
    // Divide by the claim's own words: the question is how much of the claim the context
    // backs, not how much of the context the claim uses.
    const support = words.length ? words.filter((w) => known.has(w)).length / words.length : 0;
    claims.push({ claim, support, supported: support >= threshold });
  }
  const supported = claims.filter((c) => c.supported).length;
  return { score: claims.length === 0 ? 1 : supported / claims.length, claims };
}
