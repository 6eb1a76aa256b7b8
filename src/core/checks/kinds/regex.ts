import type { CheckHandler } from '../types';
import { asText, outcome } from '../format';

export const regex: CheckHandler = (spec, { output }) => {
  if (typeof spec.value !== 'string') return outcome(false, 'regex check needs `value`: a pattern as a string.');
  let re: RegExp;
  try {
    re = new RegExp(spec.value, spec.flags);
  } catch (e) {
    return outcome(false, `The check's pattern is not a valid regular expression: ${(e as Error).message}`);
  }
  return re.test(asText(output))
    ? outcome(true, `Output matches /${spec.value}/${spec.flags ?? ''}.`)
    : outcome(false, `Output does not match /${spec.value}/${spec.flags ?? ''}.`, { expected: `/${spec.value}/${spec.flags ?? ''}`, actual: output });
};

export const startsWith: CheckHandler = (spec, { output }) => {
  const prefix = String(spec.value ?? '');
  return asText(output).startsWith(prefix)
    ? outcome(true, `Output starts with ${JSON.stringify(prefix)}.`)
    : outcome(false, `Output does not start with ${JSON.stringify(prefix)}.`, { expected: prefix, actual: output });
};
