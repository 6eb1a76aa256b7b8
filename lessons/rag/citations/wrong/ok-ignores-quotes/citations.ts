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

/** Curly double quotes and apostrophes become straight ones; runs of whitespace become one space. */
export function normalise(text: string): string {
  return text
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** A marker: square brackets around one or more ids `c<digits>`, separated by commas. */
const MARKER = /\[\s*(c\d+(?:\s*,\s*c\d+)*)\s*\]/g;

/**
 * Checks the citations of an answer against the chunks it was given: every sentence cites
 * at least one chunk, every cited chunk exists, every quote is word for word in a cited chunk.
 */
export function verifyCitations(answer: string, chunks: Chunk[]): CitationReport {
  const byId = new Map(chunks.map((c) => [c.id, normalise(c.text)]));
  const sentences: SentenceReport[] = [];
  const problems: string[] = [];

  splitSentences(answer).forEach((text, index) => {
    const n = index + 1;
    // Every marker, and every id inside it: matchAll, not a single match. Ids are whole
    // tokens (`c\d+` up to a comma or `]`), so [c10] is c10, never c1.
    const cited: string[] = [];
    for (const m of text.matchAll(MARKER)) {
      for (const id of m[1].split(',').map((s) => s.trim())) {
        if (!cited.includes(id)) cited.push(id);
      }
    }
    const unknown = cited.filter((id) => !byId.has(id));

    const quotes = [...normalise(text).matchAll(/"([^"]*)"/g)].map((m) => m[1].trim()).filter(Boolean);
    // A quote supports the sentence only if the chunk it cites says it: matching against
    // every chunk would accept a quote taken from a chunk the reader is not pointed to.
    const citedTexts = cited.filter((id) => byId.has(id)).map((id) => byId.get(id) as string);
    const badQuotes = quotes.filter((q) => !citedTexts.some((t) => t.includes(q)));

    if (cited.length === 0) problems.push(`sentence ${n}: no citation`);
    for (const id of unknown) problems.push(`sentence ${n}: unknown chunk ${id}`);
    for (const q of badQuotes) problems.push(`sentence ${n}: quote not in a cited chunk: "${q}"`);

    sentences.push({ text, cited, unknown, quotes, quotesOk: badQuotes.length === 0 });
  });

  // Wrong: ok only looks at citations, so an answer with an invented quote is ok.
  return { ok: sentences.every((s) => s.cited.length > 0 && s.unknown.length === 0), sentences, problems };
}
