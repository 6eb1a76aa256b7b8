/** Short, readable renderings of values for reasons and expected/actual columns. */
const MAX = 2000;

/** A value that is shown as the text it already is (a regex as /…/, not as an escaped JSON string). */
export class Literal {
  constructor(readonly text: string) {}
}

export function show(value: unknown, max = MAX): string {
  let text: string;
  if (value instanceof Literal) text = value.text;
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  else if (typeof value === 'function') text = `[function ${value.name || 'anonymous'}]`;
  else {
    try {
      text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** The text that string kinds (contains, regex, …) look at: strings as they are, the rest as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function outcome(pass: boolean, reason: string, extra: { expected?: unknown; actual?: unknown; score?: number } = {}) {
  return {
    pass,
    score: extra.score ?? (pass ? 1 : 0),
    reason,
    ...('expected' in extra ? { expected: show(extra.expected) } : {}),
    ...('actual' in extra ? { actual: show(extra.actual) } : {}),
  };
}
