import type { CheckHandler } from '../types';
import { outcome } from '../format';

/** The call must throw; `value`, when given, is a substring its message must contain. */
export const throws: CheckHandler = (spec, { output, error }) => {
  if (!error) return outcome(false, 'Expected the call to throw an error, but it returned normally.', { expected: 'an error', actual: output });
  if (typeof spec.value === 'string' && !error.message.includes(spec.value)) {
    return outcome(false, `It threw, but the message does not mention ${JSON.stringify(spec.value)}.`, { expected: spec.value, actual: error.message });
  }
  return outcome(true, `Threw: ${error.message}`);
};
