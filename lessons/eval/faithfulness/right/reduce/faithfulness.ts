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

// Another style: reduce over the words, matchAll for the tokens, a map/filter pipeline for the claims.
const isEnd = (word: string): boolean => '.!?'.includes(word.slice(-1)) && !ABBREVIATIONS.includes(word.toLowerCase().replace(/^[("']+/, ''));

export function splitClaims(answer: string): string[] {
  const { done, open } = answer
    .split(/\s+/)
    .filter(Boolean)
    .reduce<{ done: string[]; open: string[] }>(
      (acc, word) => (isEnd(word) ? { done: [...acc.done, [...acc.open, word].join(' ')], open: [] } : { done: acc.done, open: [...acc.open, word] }),
      { done: [], open: [] },
    );
  return open.length ? [...done, open.join(' ')] : done;
}

export function contentWords(text: string): string[] {
  const seen: string[] = [];
  for (const [token] of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:[.,]\p{N}+)*/gu)) {
    if (!STOP_WORDS.has(token) && !seen.includes(token)) seen.push(token);
  }
  return seen;
}

export function faithfulness(answer: string, context: string, threshold: number): FaithfulnessResult {
  const inContext = new Set(contentWords(context));
  const claims = splitClaims(answer)
    .map((claim) => ({ claim, words: contentWords(claim) }))
    .filter(({ words }) => words.length > 0)
    .map(({ claim, words }) => {
      const support = words.reduce((n, w) => n + (inContext.has(w) ? 1 : 0), 0) / words.length;
      return { claim, support, supported: support >= threshold };
    });
  return { score: claims.length ? claims.filter((c) => c.supported).length / claims.length : 1, claims };
}
