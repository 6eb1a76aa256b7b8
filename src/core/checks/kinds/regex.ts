import { CheckError, type CheckHandler } from '../types';
import { Literal, asText, outcome } from '../format';

export const regex: CheckHandler = (spec, { output }) => {
  if (typeof spec.value !== 'string') throw new CheckError('regex check needs `value`: a pattern as a string.');
  let re: RegExp;
  try {
    re = new RegExp(spec.value, spec.flags);
  } catch (e) {
    throw new CheckError(`The check's pattern is not a valid regular expression: ${(e as Error).message}`);
  }
  const pattern = `/${spec.value}/${spec.flags ?? ''}`;
  // Long patterns are noise in a reason; the full one is shown as "expected" on a failure.
  const short = pattern.length > 60 ? `${pattern.slice(0, 57)}…` : pattern;
  return re.test(asText(output))
    ? outcome(true, `Output matches ${short}.`)
    : outcome(false, `Output does not match ${short}.`, { expected: new Literal(pattern), actual: output });
};

export const startsWith: CheckHandler = (spec, { output }) => {
  const prefix = String(spec.value ?? '');
  return asText(output).startsWith(prefix)
    ? outcome(true, `Output starts with ${JSON.stringify(prefix)}.`)
    : outcome(false, `Output does not start with ${JSON.stringify(prefix)}.`, { expected: prefix, actual: output });
};
