import type { CheckHandler } from '../types';
import { deepEqual, firstDifference } from '../deepEqual';
import { outcome } from '../format';

export const equals: CheckHandler = (spec, { output }) => {
  if (deepEqual(output, spec.value)) return outcome(true, 'Output equals the expected value.');
  return outcome(false, `Output does not equal the expected value: ${firstDifference(output, spec.value)}.`, { expected: spec.value, actual: output });
};
