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

/**
 * Splits an answer into claims (sentences), working on whitespace-separated words:
 * a word ends a sentence when its last character is ".", "!" or "?" and the word, lowercased
 * and without an opening bracket or quote, is not in ABBREVIATIONS. A claim is its words
 * joined by single spaces; words after the last sentence end are a claim too. No words: [].
 */
export function splitClaims(answer: string): string[] {
  throw new Error('TODO: implement splitClaims()');
}

/**
 * The distinct content words of a text, in order of first appearance: the lowercased
 * text's tokens (runs of letters and digits; a "." or "," followed by a digit stays inside,
 * so 2.5 and 1,200 are one token) that are not in STOP_WORDS.
 */
export function contentWords(text: string): string[] {
  throw new Error('TODO: implement contentWords()');
}

/**
 * For each claim of `answer` with at least one content word: support = its content words
 * found among the context's content words / its content words; supported = support >= threshold.
 * score = supported claims / claims, 1 when there are no claims.
 */
export function faithfulness(answer: string, context: string, threshold: number): FaithfulnessResult {
  throw new Error('TODO: implement faithfulness()');
}
