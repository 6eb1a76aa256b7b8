// Keeps a model's hint from handing over the reference solution. A reply is shown as it streams,
// but the text that could be the start of a reference line is held back until the next piece
// tells: a line of the reference never reaches the learner, whole or as a growing prefix.

/** Reference lines shorter than this are too generic to guard (`return out;`, `}`). */
export const MIN_GUARDED_CHARS = 16;
/** Only a line's first characters are compared: enough to recognise it, bounded work per piece. */
const MAX_GUARDED_CHARS = 160;

/** One line as compared: trimmed, every run of whitespace one space. */
export function normalizeLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

/**
 * The reference lines a hint must not repeat: long enough to mean something, and not already in
 * what the learner can see (their files, the starter, the instructions): quoting those is fine.
 */
export function guardedLines(reference: readonly string[], visible: readonly string[]): string[] {
  const seen = visible.map((t) => normalizeLine(t));
  const lines = new Set<string>();
  for (const text of reference) {
    for (const raw of text.split(/\r?\n/)) {
      const line = normalizeLine(raw).slice(0, MAX_GUARDED_CHARS);
      if (line.length < MIN_GUARDED_CHARS || !/[\p{L}\p{N}]/u.test(line)) continue;
      if (seen.some((v) => v.includes(line))) continue;
      lines.add(line);
    }
  }
  return [...lines];
}

export type GuardStep = { leak: string } | { leak?: undefined; release: string };

/** Streams a reply through the guard: `push` each piece, `finish` at the end. */
export class LeakGuard {
  private raw = '';
  private released = 0;
  private readonly prefixes = new Set<string>();
  private readonly longest: number;

  constructor(private readonly lines: readonly string[]) {
    for (const l of lines) for (let i = 1; i < l.length; i++) this.prefixes.add(l.slice(0, i));
    this.longest = lines.reduce((n, l) => Math.max(n, l.length), 0);
  }

  /** Everything received so far, released or not. */
  get received(): string {
    return this.raw;
  }

  /** The reply so far, as released: never a guarded line. */
  get shown(): string {
    return this.raw.slice(0, this.released);
  }

  push(piece: string): GuardStep {
    this.raw += piece;
    return this.step(false);
  }

  finish(): GuardStep {
    return this.step(true);
  }

  private step(final: boolean): GuardStep {
    const { text, at } = normalizedWithIndex(this.raw);
    const leak = this.lines.find((l) => text.includes(l));
    if (leak) return { leak };
    const hold = final ? text.length : this.heldFrom(text);
    const upTo = hold >= text.length ? this.raw.length : at[hold];
    const release = this.raw.slice(this.released, upTo);
    this.released = Math.max(this.released, upTo);
    return { release };
  }

  /** Where the longest tail of `text` that begins a guarded line starts (text.length when none). */
  private heldFrom(text: string): number {
    for (let p = Math.max(0, text.length - this.longest); p < text.length; p++) {
      const tail = text.slice(p);
      // A tail that starts with a space begins a line one character later.
      if (this.prefixes.has(tail) || this.prefixes.has(tail.trimStart())) return p;
    }
    return text.length;
  }
}

/** The text with whitespace runs as one space, and for each of its characters the raw index. */
function normalizedWithIndex(raw: string): { text: string; at: number[] } {
  let text = '';
  const at: number[] = [];
  let space = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (/\s/.test(ch)) {
      if (!space) {
        text += ' ';
        at.push(i);
      }
      space = true;
    } else {
      text += ch;
      at.push(i);
      space = false;
    }
  }
  return { text, at };
}
