export interface Chunk {
  id: string;
  text: string;
}

export interface SentenceReport {
  /** The sentence as `splitSentences` returned it, markers included. */
  text: string;
  /** Chunk ids of the sentence's markers, in order of first appearance, each once. */
  cited: string[];
  /** The cited ids that no chunk has, in the same order. */
  unknown: string[];
  /** The sentence's quoted spans, normalised (see `normalise`). */
  quotes: string[];
  /** True when every quote appears in one of the cited chunks that exist (true with no quotes). */
  quotesOk: boolean;
}

export interface CitationReport {
  /** True when there are no problems. */
  ok: boolean;
  sentences: SentenceReport[];
  /** One line per problem, in sentence order (see README.md for the exact wording). */
  problems: string[];
}

/**
 * Splits an answer into sentences (given: you do not need to change it).
 *
 * A sentence ends at `.`, `!` or `?` outside double quotes, or at a closing double quote right
 * after one of them. Citation markers that follow (`[c3]`, `[c2][c5]`, `[c2, c5]`, with or
 * without a space before them) belong to the sentence. The end only counts when whitespace or
 * the end of the answer follows, so `2.5 GB` does not end a sentence. Sentences are trimmed.
 */
export function splitSentences(answer: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  let inQuote = false;
  let i = 0;
  while (i < answer.length) {
    const ch = answer[i];
    if (ch === '"') inQuote = !inQuote;
    else if (ch === '\u201C') inQuote = true;
    else if (ch === '\u201D') inQuote = false;
    const closesQuote = (ch === '"' || ch === '\u201D') && !inQuote && /[.!?]/.test(answer[i - 1] ?? '');
    const ends = (!inQuote && /[.!?]/.test(ch)) || closesQuote;
    i++;
    if (!ends) continue;
    const markers = /^(?:\s*\[[^\]\n]*\])+/.exec(answer.slice(i));
    const end = i + (markers ? markers[0].length : 0);
    if (end < answer.length && !/\s/.test(answer[end])) continue;
    const sentence = answer.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = end;
    i = end;
  }
  const rest = answer.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/**
 * Text as it is compared: curly double quotes (“ ”) become `"`, curly apostrophes (‘ ’)
 * become `'`, every run of whitespace (spaces, tabs, line breaks) becomes one space, and the
 * result is trimmed. Case and everything else stay as they are.
 */
export function normalise(text: string): string {
  throw new Error('TODO: implement normalise()');
}

/**
 * Checks the citations of an answer against the chunks it was given, one report per sentence
 * of `splitSentences(answer)`: the ids it cites, those that no chunk has, its quotes, and
 * whether each quote appears word for word (after `normalise`) in one of its cited chunks.
 * `ok` is true when `problems` is empty. See README.md for the rules and the problem lines.
 */
export function verifyCitations(answer: string, chunks: Chunk[]): CitationReport {
  throw new Error('TODO: implement verifyCitations()');
}
