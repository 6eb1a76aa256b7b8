// A zod schema compiled into plain checks, for manifests that are valid: the same value as zod's
// safeParse (defaults applied, keys in the schema's order) without the two objects zod makes per
// value it visits, which are most of a pack load's garbage. Whatever the compiled form does not
// accept goes to zod itself, which decides and words the problems: a value is taken here only
// when every part of the schema is one this file knows.
import type * as z from 'zod/mini';

/** Returned for a value the compiled form does not take (invalid, or unusual): zod then parses it. */
export const NOT_TAKEN: unique symbol = Symbol('not taken');
type Run = (value: unknown) => unknown;

interface Zod {
  _zod: {
    def: Def;
    traits: Set<string>;
    optin?: 'optional' | 'defaulted';
    optout?: 'optional';
    values?: Set<unknown>;
    check?: (payload: { value: unknown; issues: unknown[] }) => unknown;
  };
}

interface Def {
  type: string;
  checks?: Zod[];
  coerce?: boolean;
  shape?: Record<string, Zod>;
  catchall?: Zod;
  element?: Zod;
  innerType?: Zod;
  options?: Zod[];
  keyType?: Zod;
  valueType?: Zod;
  mode?: string;
  partial?: boolean;
  defaultValue?: unknown;
  // checks
  check?: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  value?: unknown;
  inclusive?: boolean;
}

const compiled = new WeakMap<object, Run | null>();

/**
 * The compiled form of `schema`: its value for a manifest zod would accept with that value, or
 * NOT_TAKEN. Undefined when the schema has a part this file does not know (then zod does all).
 */
export function compileSchema<S extends z.ZodMiniType>(schema: S): ((value: unknown) => z.infer<S> | typeof NOT_TAKEN) | undefined {
  return (compile(schema as unknown as Zod) ?? undefined) as ((value: unknown) => z.infer<S> | typeof NOT_TAKEN) | undefined;
}

function compile(s: Zod): Run | null {
  let run = compiled.get(s);
  if (run === undefined) {
    run = withChecks(s);
    compiled.set(s, run);
  }
  return run;
}

function withChecks(s: Zod): Run | null {
  const base = compileType(s);
  const checks = (s._zod.def.checks ?? []).map(compileCheck);
  if (!base || checks.some((c) => !c)) return null;
  if (!checks.length) return base;
  const all = checks as ((v: unknown) => boolean)[];
  // zod runs a schema's checks on its output (for an object, the one with defaults applied).
  return (v) => {
    const out = base(v);
    if (out === NOT_TAKEN) return NOT_TAKEN;
    for (const check of all) if (!check(out)) return NOT_TAKEN;
    return out;
  };
}

function compileType(s: Zod): Run | null {
  const def = s._zod.def;
  if (def.coerce) return null;
  switch (def.type) {
    case 'string':
      return (v) => (typeof v === 'string' ? v : NOT_TAKEN);
    case 'number':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : NOT_TAKEN);
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? v : NOT_TAKEN);
    case 'unknown':
      return (v) => v;
    case 'never':
      return () => NOT_TAKEN;
    case 'enum':
    case 'literal': {
      const values = s._zod.values;
      return values ? (v) => (values.has(v) ? v : NOT_TAKEN) : null;
    }
    case 'optional':
      return compileOptional(s);
    case 'default':
      return compileDefault(def);
    case 'array':
      return compileArray(def);
    case 'union':
      return compileUnion(s);
    case 'record':
      return compileRecord(def);
    case 'object':
      return compileObject(def);
    default:
      return null;
  }
}

function compileOptional(s: Zod): Run | null {
  const inner = s._zod.def.innerType;
  // An exact optional refuses an explicit undefined; a defaulted inner substitutes for absence: zod decides those.
  if (!inner || s._zod.traits.has('$ZodExactOptional') || inner._zod.optin === 'defaulted') return null;
  const run = compile(inner);
  return run && ((v) => (v === undefined ? undefined : run(v)));
}

function compileDefault(def: Def): Run | null {
  const run = def.innerType && compile(def.innerType);
  if (!run) return null;
  // The default is not validated (as in zod); the getter gives a fresh copy each time.
  return (v) => {
    if (v === undefined) return def.defaultValue;
    const out = run(v);
    return out === undefined ? def.defaultValue : out;
  };
}

function compileArray(def: Def): Run | null {
  const element = def.element && compile(def.element);
  if (!element) return null;
  return (v) => {
    if (!Array.isArray(v)) return NOT_TAKEN;
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const item = element(v[i]);
      if (item === NOT_TAKEN) return NOT_TAKEN;
      out[i] = item;
    }
    return out;
  };
}

function compileUnion(s: Zod): Run | null {
  const { options } = s._zod.def;
  // Only the plain union: the first option that accepts gives the value.
  if (!options || ![...s._zod.traits].every((t) => t === '$ZodUnion' || t === 'ZodMiniUnion' || t === '$ZodType' || t === 'ZodMiniType')) return null;
  const runs = options.map(compile);
  if (runs.some((r) => !r)) return null;
  return (v) => {
    for (const run of runs as Run[]) {
      const out = run(v);
      if (out !== NOT_TAKEN) return out;
    }
    return NOT_TAKEN;
  };
}

/** A plain object as JSON.parse makes it (zod's records want plain objects; a "constructor" key is left to zod). */
function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype && !Object.prototype.hasOwnProperty.call(v, 'constructor');
}

function compileRecord(def: Def): Run | null {
  if (!def.keyType || !def.valueType || def.keyType._zod.values || def.mode === 'loose' || def.partial) return null;
  const key = compile(def.keyType);
  const value = compile(def.valueType);
  if (!key || !value) return null;
  return (v) => {
    if (!isJsonObject(v)) return NOT_TAKEN;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      // zod drops a "__proto__" key of a record: left to zod.
      if (k === '__proto__' || key(k) !== k) return NOT_TAKEN;
      const item = value(v[k]);
      if (item === NOT_TAKEN) return NOT_TAKEN;
      out[k] = item;
    }
    return out;
  };
}

/** A strict object (unknown keys refused), keys in the schema's order, as zod's compiled object parser builds it. */
function compileObject(def: Def): Run | null {
  const shape = def.shape;
  if (!shape || def.catchall?._zod.def.type !== 'never') return null;
  const keys = Object.keys(shape);
  // A key Object.prototype has (or "__proto__") is read through the prototype: left to zod.
  if (keys.some((k) => k in Object.prototype || k === '__proto__')) return null;
  const fields = keys.map((k) => ({ k, run: compile(shape[k]), optin: shape[k]._zod.optin, optout: shape[k]._zod.optout }));
  if (fields.some((f) => !f.run)) return null;
  const known = new Set(keys);
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return NOT_TAKEN;
    const input = v as Record<string, unknown>;
    for (const k in input) if (!known.has(k)) return NOT_TAKEN;
    const out: Record<string, unknown> = {};
    for (const { k, run, optin, optout } of fields) {
      const present = k in input;
      const value = run!(input[k]);
      if (optin !== undefined && optout === 'optional') {
        // Optional in and out: an absent key's errors are ignored and it adds nothing.
        if (value === NOT_TAKEN) {
          if (present) return NOT_TAKEN;
          continue;
        }
        if (optin === 'optional' ? present : value !== undefined || present) out[k] = value;
      } else if (optin === undefined) {
        if (value === NOT_TAKEN || !present) return NOT_TAKEN;
        out[k] = value;
      } else {
        if (value === NOT_TAKEN) return NOT_TAKEN;
        if (optin === 'defaulted' || value !== undefined || present) out[k] = value;
      }
    }
    return out;
  };
}

function compileCheck(c: Zod): ((v: unknown) => boolean) | null {
  const def = c._zod.def;
  switch (def.check) {
    case 'string_format': {
      const pattern = def.pattern;
      if (def.format !== 'regex' || !pattern) return null;
      return (v) => {
        pattern.lastIndex = 0;
        return pattern.test(v as string);
      };
    }
    case 'min_length': {
      const min = def.minimum;
      return typeof min === 'number' ? (v) => (v as { length: number }).length >= min : null;
    }
    case 'number_format':
      return def.format === 'safeint' ? (v) => Number.isSafeInteger(v) : null;
    case 'greater_than': {
      const bound = def.value;
      if (typeof bound !== 'number') return null;
      return def.inclusive ? (v) => (v as number) >= bound : (v) => (v as number) > bound;
    }
    case 'less_than': {
      const bound = def.value;
      if (typeof bound !== 'number') return null;
      return def.inclusive ? (v) => (v as number) <= bound : (v) => (v as number) < bound;
    }
    case 'custom': {
      // refine and superRefine: zod's own check, on the value as zod would pass it.
      const check = c._zod.check;
      if (!check) return null;
      return (v) => {
        const payload = { value: v, issues: [] as unknown[] };
        const r = check(payload);
        return !(r instanceof Promise) && payload.issues.length === 0;
      };
    }
    default:
      return null;
  }
}
