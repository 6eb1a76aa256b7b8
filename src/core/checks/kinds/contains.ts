import type { CheckHandler } from '../types';
import { asText, outcome } from '../format';

function needles(value: unknown): string[] {
  if (value === undefined) throw new Error('this kind needs `value`: the text to look for');
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}

export const contains: CheckHandler = (spec, { output }) => {
  const text = asText(output);
  const needle = needles(spec.value)[0] ?? '';
  return text.includes(needle)
    ? outcome(true, `Output contains ${JSON.stringify(needle)}.`)
    : outcome(false, `Output does not contain ${JSON.stringify(needle)}.`, { expected: needle, actual: output });
};

export const icontains: CheckHandler = (spec, { output }) => {
  const text = asText(output).toLowerCase();
  const needle = needles(spec.value)[0] ?? '';
  return text.includes(needle.toLowerCase())
    ? outcome(true, `Output contains ${JSON.stringify(needle)} (ignoring case).`)
    : outcome(false, `Output does not contain ${JSON.stringify(needle)} (ignoring case).`, { expected: needle, actual: output });
};

export const containsAny: CheckHandler = (spec, { output }) => {
  const text = asText(output);
  const all = needles(spec.value);
  const found = all.find((n) => text.includes(n));
  return found !== undefined
    ? outcome(true, `Output contains ${JSON.stringify(found)}.`)
    : outcome(false, `Output contains none of ${JSON.stringify(all)}.`, { expected: all, actual: output });
};

export const containsAll: CheckHandler = (spec, { output }) => {
  const text = asText(output);
  const all = needles(spec.value);
  const missing = all.filter((n) => !text.includes(n));
  const score = all.length ? (all.length - missing.length) / all.length : 1;
  return missing.length === 0
    ? outcome(true, `Output contains all ${all.length} values.`)
    : outcome(false, `Output is missing ${JSON.stringify(missing)}.`, { expected: all, actual: output, score });
};
