// A small declarative language for a property check's inputs (JSON in lesson.json or a fixture
// file), mapped onto fast-check's arbitraries. JSON, not code: the lesson pack is read by the
// editor, and a generator written as code would have to run somewhere. The language is described
// for authors in the JSON Schema (see ARBITRARIES_DOC) and in README "Authoring lessons".
import * as fc from 'fast-check';

type Arb = fc.Arbitrary<unknown>;
/** Names bound by `let`: a value, or PENDING while only checking the spec (no values yet). */
type Env = Readonly<Record<string, unknown>>;
const PENDING = Symbol('pending');

export class ArbitrarySpecError extends Error {
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'ArbitrarySpecError';
  }
}

const SHORTHANDS = ['boolean', 'integer', 'nat', 'float', 'double', 'string'] as const;
const STRING_UNITS = { grapheme: 'grapheme', 'grapheme-composite': 'grapheme-composite', 'grapheme-ascii': 'grapheme-ascii', ascii: 'grapheme-ascii', binary: 'binary', 'binary-ascii': 'binary-ascii' } as const;

type Builder = (arg: unknown, where: string, env: Env) => Arb;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** An object of options (`{}` when absent); anything else is the author's mistake. */
function options(arg: unknown, where: string, allowed: string[]): Record<string, unknown> {
  if (arg === undefined || arg === null) return {};
  if (!isObject(arg)) throw new ArbitrarySpecError(where, `expected an object of options (${allowed.join(', ')}), got ${JSON.stringify(arg)}`);
  const unknown = Object.keys(arg).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new ArbitrarySpecError(where, `unknown option ${unknown.map((k) => `"${k}"`).join(', ')} (options: ${allowed.join(', ')})`);
  return arg;
}

/** A number option, which may be `{"ref": name}` of a number bound by `let`. */
function num(o: Record<string, unknown>, key: string, where: string, env: Env, int = true): number | undefined {
  let v = o[key];
  if (v === undefined) return undefined;
  if (isObject(v) && typeof v.ref === 'string') {
    if (!(v.ref in env)) throw new ArbitrarySpecError(`${where}.${key}`, `"${v.ref}" is not bound by an enclosing "let"`);
    v = env[v.ref] === PENDING ? 1 : env[v.ref];
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || (int && !Number.isInteger(v))) throw new ArbitrarySpecError(`${where}.${key}`, `expected ${int ? 'a whole number' : 'a number'}, got ${JSON.stringify(v)}`);
  return v;
}

function list(arg: unknown, where: string, min = 1): unknown[] {
  if (!Array.isArray(arg) || arg.length < min) throw new ArbitrarySpecError(where, `expected a list of at least ${min}, got ${JSON.stringify(arg)}`);
  return arg;
}

/** A canonical text of a JSON-like value: key order does not matter (for `unique`). */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return JSON.stringify(v) ?? String(v);
}

function lengths(o: Record<string, unknown>, where: string, env: Env, min = 'minLength', max = 'maxLength'): { minLength?: number; maxLength?: number } {
  const exact = num(o, 'length', where, env);
  const lo = exact ?? num(o, min, where, env);
  const hi = exact ?? num(o, max, where, env);
  if (lo !== undefined && lo < 0) throw new ArbitrarySpecError(`${where}.${min}`, 'must not be negative');
  if (lo !== undefined && hi !== undefined && hi < lo) throw new ArbitrarySpecError(where, `${max} (${hi}) is below ${min} (${lo})`);
  return { ...(lo !== undefined ? { minLength: lo } : {}), ...(hi !== undefined ? { maxLength: hi } : {}) };
}

function range(o: Record<string, unknown>, where: string, env: Env, int: boolean): { min?: number; max?: number } {
  const min = num(o, 'min', where, env, int);
  const max = num(o, 'max', where, env, int);
  if (min !== undefined && max !== undefined && max < min) throw new ArbitrarySpecError(where, `max (${max}) is below min (${min})`);
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

function double(arg: unknown, where: string, env: Env): Arb {
  const o = options(arg, where, ['min', 'max', 'noNaN', 'noInfinity']);
  const r = range(o, where, env, false);
  // NaN and ±Infinity do not survive JSON (how values reach the learner's process): off unless asked.
  return fc
    .double({ ...r, noNaN: o.noNaN !== false, noDefaultInfinity: o.noInfinity !== false })
    .map((x) => (Object.is(x, -0) ? 0 : x));
}

function string(arg: unknown, where: string, env: Env): Arb {
  const o = options(arg, where, ['minLength', 'maxLength', 'length', 'unit', 'chars']);
  let unit: fc.StringConstraints['unit'];
  if (o.chars !== undefined) {
    if (typeof o.chars !== 'string' || !o.chars) throw new ArbitrarySpecError(`${where}.chars`, 'expected a non-empty string of the characters to use');
    unit = fc.constantFrom(...Array.from(new Set(Array.from(o.chars))));
  } else if (o.unit !== undefined) {
    if (typeof o.unit !== 'string' || !Object.hasOwn(STRING_UNITS, o.unit)) throw new ArbitrarySpecError(`${where}.unit`, `expected one of ${Object.keys(STRING_UNITS).join(', ')}`);
    unit = STRING_UNITS[o.unit as keyof typeof STRING_UNITS];
  }
  return fc.string({ ...lengths(o, where, env), ...(unit ? { unit } : {}) });
}

function words(arg: unknown, where: string, env: Env): Arb {
  const o = options(arg, where, ['from', 'minWords', 'maxWords', 'separator']);
  const pool = list(o.from, `${where}.from`);
  if (!pool.every((w) => typeof w === 'string')) throw new ArbitrarySpecError(`${where}.from`, 'expected a list of strings');
  const sep = o.separator ?? ' ';
  if (typeof sep !== 'string') throw new ArbitrarySpecError(`${where}.separator`, 'expected a string');
  const l = lengths(o, where, env, 'minWords', 'maxWords');
  return fc.array(fc.constantFrom(...(pool as string[])), l).map((ws) => ws.join(sep));
}

function stringOf(arg: unknown, where: string, env: Env): Arb {
  const o = options(arg, where, ['of', 'minLength', 'maxLength', 'length', 'separator']);
  const sep = o.separator ?? '';
  if (typeof sep !== 'string') throw new ArbitrarySpecError(`${where}.separator`, 'expected a string');
  const part = build(o.of, `${where}.of`, env);
  return fc.array(part, lengths(o, where, env)).map((parts) => parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(sep));
}

function array(arg: unknown, where: string, env: Env): Arb {
  const o = options(arg, where, ['of', 'minLength', 'maxLength', 'length', 'unique']);
  const item = build(o.of, `${where}.of`, env);
  const l = lengths(o, where, env);
  return o.unique === true ? fc.uniqueArray(item, { ...l, selector: canonical }) : fc.array(item, l);
}

function record(arg: unknown, where: string, env: Env): Arb {
  if (!isObject(arg)) throw new ArbitrarySpecError(where, 'expected an object: field name -> arbitrary');
  const model: Record<string, Arb> = {};
  const required: string[] = [];
  for (const [k, v] of Object.entries(arg)) {
    // `{"optional": arb}` as a field: the key is sometimes absent (not present with undefined).
    if (isObject(v) && Object.keys(v).length === 1 && 'optional' in v) model[k] = build(v.optional, `${where}.${k}.optional`, env);
    else {
      model[k] = build(v, `${where}.${k}`, env);
      required.push(k);
    }
  }
  return fc.record(model, { requiredKeys: required, noNullPrototype: true });
}

function dictionary(arg: unknown, where: string, env: Env): Arb {
  const o = options(arg, where, ['keys', 'values', 'minKeys', 'maxKeys']);
  const keys = o.keys === undefined ? fc.string() : (build(o.keys, `${where}.keys`, env) as fc.Arbitrary<string>);
  const l = lengths(o, where, env, 'minKeys', 'maxKeys');
  return fc.dictionary(keys.map(String), build(o.values, `${where}.values`, env), { minKeys: l.minLength, maxKeys: l.maxLength, noNullPrototype: true });
}

/** `{"let": {"dim": arb}, "in": arb}`: draws the bound values first; `{"ref": "dim"}` inside `in` uses them. */
function letIn(spec: Record<string, unknown>, where: string, env: Env): Arb {
  const extra = Object.keys(spec).filter((k) => k !== 'let' && k !== 'in');
  if (extra.length || !('in' in spec)) throw new ArbitrarySpecError(where, '"let" takes exactly two keys: "let" (name -> arbitrary) and "in" (the arbitrary that uses them)');
  if (!isObject(spec.let) || !Object.keys(spec.let).length) throw new ArbitrarySpecError(`${where}.let`, 'expected an object: name -> arbitrary');
  const bound = Object.fromEntries(Object.entries(spec.let).map(([k, v]) => [k, build(v, `${where}.let.${k}`, env)]));
  // Check the body now (with placeholders), so a mistake shows before any input is drawn.
  build(spec.in, `${where}.in`, { ...env, ...Object.fromEntries(Object.keys(bound).map((k) => [k, PENDING])) });
  return fc.record(bound, { noNullPrototype: true }).chain((values) => build(spec.in, `${where}.in`, { ...env, ...values }));
}

const BUILDERS: Record<string, Builder> = {
  integer: (a, w, e) => fc.integer(range(options(a, w, ['min', 'max']), w, e, true)),
  nat: (a, w, e) => fc.nat({ max: num(options(a, w, ['max']), 'max', w, e) ?? 0x7fffffff }),
  float: double,
  double,
  boolean: (a, w) => (options(a, w, []), fc.boolean()),
  constant: (a) => fc.constant(a),
  constantFrom: (a, w) => fc.constantFrom(...list(a, w)),
  string,
  words,
  stringOf,
  array,
  tuple: (a, w, e) => fc.tuple(...list(a, w, 0).map((x, i) => build(x, `${w}[${i}]`, e))),
  record,
  dictionary,
  option: (a, w, e) => fc.option(build(a, w, e), { nil: null }),
  nullable: (a, w, e) => fc.option(build(a, w, e), { nil: null }),
  optional: (a, w, e) => fc.option(build(a, w, e), { nil: undefined }),
  oneof: (a, w, e) => fc.oneof(...list(a, w).map((x, i) => build(x, `${w}[${i}]`, e))),
  ref: (a, w, e) => {
    if (typeof a !== 'string' || !(a in e)) throw new ArbitrarySpecError(w, `${JSON.stringify(a)} is not bound by an enclosing "let"`);
    return fc.constant(e[a]);
  },
};

export const ARBITRARY_NAMES = [...Object.keys(BUILDERS), 'let'];

function build(spec: unknown, where: string, env: Env): Arb {
  if (spec === null || typeof spec === 'number' || typeof spec === 'boolean') return fc.constant(spec);
  if (typeof spec === 'string') {
    if (!(SHORTHANDS as readonly string[]).includes(spec)) throw new ArbitrarySpecError(where, `unknown arbitrary "${spec}" (a name alone can be ${SHORTHANDS.join(', ')}; use {"constant": "${spec}"} for this string)`);
    return BUILDERS[spec](undefined, where, env);
  }
  if (Array.isArray(spec)) return fc.tuple(...spec.map((x, i) => build(x, `${where}[${i}]`, env)));
  if (!isObject(spec)) throw new ArbitrarySpecError(where, `expected an arbitrary, got ${JSON.stringify(spec) ?? String(spec)}`);
  if ('let' in spec) return letIn(spec, where, env);
  const keys = Object.keys(spec);
  if (keys.length !== 1 || !Object.hasOwn(BUILDERS, keys[0])) {
    throw new ArbitrarySpecError(where, `expected one key naming an arbitrary (${ARBITRARY_NAMES.join(', ')}), got ${keys.length ? keys.map((k) => `"${k}"`).join(', ') : 'an empty object'}`);
  }
  return BUILDERS[keys[0]](spec[keys[0]], `${where}.${keys[0]}`, env);
}

/** True when the spec can only generate a list (the argument list of a call). */
function generatesList(spec: unknown): boolean {
  if (Array.isArray(spec)) return true;
  if (!isObject(spec)) return false;
  if ('let' in spec) return generatesList(spec.in);
  if ('tuple' in spec || 'array' in spec) return true;
  if ('constant' in spec) return Array.isArray(spec.constant);
  if ('oneof' in spec) return Array.isArray(spec.oneof) && spec.oneof.every(generatesList);
  return false;
}

/**
 * The arbitrary of a check's argument lists. `arbitraries` is a list with one arbitrary per
 * argument, or one arbitrary that generates the whole list (a `let`, `tuple`, `array`, `oneof`).
 * Throws ArbitrarySpecError naming the place of a mistake.
 */
export function argumentsArbitrary(spec: unknown): fc.Arbitrary<unknown[]> {
  if (spec === undefined) throw new ArbitrarySpecError('arbitraries', 'a property check needs `arbitraries`: one arbitrary per argument, e.g. [{"integer": {"min": 0, "max": 9}}]');
  if (!generatesList(spec)) throw new ArbitrarySpecError('arbitraries', 'must generate the argument list: a list with one arbitrary per argument, or a let/tuple/array/oneof that generates one');
  return build(spec, 'arbitraries', {}) as fc.Arbitrary<unknown[]>;
}

/** The mistake in an arbitraries spec, or undefined when it is valid. */
export function arbitrariesProblem(spec: unknown): string | undefined {
  try {
    argumentsArbitrary(spec);
    return undefined;
  } catch (e) {
    if (e instanceof ArbitrarySpecError) return e.message;
    throw e;
  }
}
