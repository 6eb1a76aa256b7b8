import Ajv, { type ValidateFunction } from 'ajv';
import { CheckError, type CheckHandler } from '../types';
import { outcome } from '../format';

/** Strings are parsed as JSON; other values are already data. */
function parsed(output: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof output !== 'string') return { ok: true, value: output };
  try {
    return { ok: true, value: JSON.parse(output) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export const isJson: CheckHandler = (_spec, { output }) => {
  if (typeof output !== 'string') return outcome(false, `Output is a ${typeof output}, not a JSON string.`, { actual: output });
  const p = parsed(output);
  return p.ok ? outcome(true, 'Output is valid JSON.') : outcome(false, `Output is not valid JSON: ${p.error}`, { actual: output });
};

/** Compiled validators by schema text: one Ajv each, so two checks may share an `$id`. */
const compiled = new Map<string, ValidateFunction>();

function validator(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (!v) {
    v = new Ajv({ allErrors: true, strict: false }).compile(schema);
    compiled.set(key, v);
  }
  return v;
}

export const jsonSchema: CheckHandler = (spec, { output }) => {
  const p = parsed(output);
  if (!p.ok) return outcome(false, `Output is not valid JSON: ${p.error}`, { actual: output });
  if (!spec.value || typeof spec.value !== 'object') throw new CheckError('json-schema check needs `value`: a JSON Schema object.');
  let validate: ValidateFunction;
  try {
    validate = validator(spec.value as object);
  } catch (e) {
    throw new CheckError(`The check's schema is invalid: ${(e as Error).message}`);
  }
  if (validate(p.value)) return outcome(true, 'Output conforms to the schema.');
  const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
  return outcome(false, `Output does not conform to the schema: ${errors.join('; ')}.`, { expected: spec.value, actual: p.value });
};
