export interface Grade {
  pass: boolean;
  score: number;
  reason: string;
}

// Another style: one helper turns "asked" and "missing" into a grade for the two share-based graders.
function share(asked: string[], missing: string[], noun: string, ok: string): Grade {
  if (missing.length === 0) return { pass: true, score: 1, reason: ok };
  return { pass: false, score: 1 - missing.length / asked.length, reason: `${noun}: ${missing.length} of ${asked.length} missing (${missing.join(', ')})` };
}

export function jsonHasKeys(output: string, keys: string[]): Grade {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return { pass: false, score: 0, reason: 'the output is not valid JSON' };
  }
  const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  if (!isObject) return { pass: false, score: 0, reason: `the JSON is ${JSON.stringify(parsed)}, not an object` };
  const missing = keys.filter((k) => !Object.hasOwn(parsed as object, k));
  return share(keys, missing, 'keys', `has every key (${keys.length})`);
}

export function containsAll(output: string, terms: string[]): Grade {
  const haystack = output.toLocaleLowerCase('en-US');
  const missing = terms.filter((t) => haystack.indexOf(t.toLocaleLowerCase('en-US')) < 0);
  return share(terms, missing, 'terms', `found all ${terms.length} terms`);
}

export function maxWords(output: string, n: number): Grade {
  const count = (output.match(/\S+/g) ?? []).length;
  if (count <= n) return { pass: true, score: 1, reason: `${count} of at most ${n} words` };
  return { pass: false, score: n / count, reason: `too long: ${count} words, limit ${n}` };
}

export function matchesLabel(output: string, allowed: string[]): Grade {
  let text = output.trim().toLowerCase();
  if (text.endsWith('.')) text = text.slice(0, -1);
  for (const label of allowed) if (label.toLowerCase() === text) return { pass: true, score: 1, reason: `matches ${label}` };
  return { pass: false, score: 0, reason: `output ${JSON.stringify(output.trim())} is none of ${allowed.join(' / ')}` };
}
