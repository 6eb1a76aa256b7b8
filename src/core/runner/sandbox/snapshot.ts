// An output the structured clone algorithm refuses (an object holding functions, e.g. a
// LangChain Runnable) still reaches the checks: as a snapshot of its data in which each function
// (own, or a method of its class) is a marker. The grader turns markers back into stand-in
// functions that throw when called: a check can see that `output.invoke` is a function, never
// run learner code.

export const FUNCTION_MARK = '__aiDojoFunction';
const MAX_NODES = 20_000;

/** Learner side: the value with functions replaced by markers (cycles kept; big values cut). */
export function snapshot(value: unknown): unknown {
  const seen = new Map<object, unknown>();
  let budget = MAX_NODES;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'function') return { [FUNCTION_MARK]: v.name || 'anonymous' };
    if (typeof v === 'symbol') return v.toString();
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    if (--budget < 0) return undefined;
    if (cloneable(v)) return v;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const x of v) out.push(walk(x));
      return out;
    }
    if (v instanceof Map) {
      const out = new Map();
      seen.set(v, out);
      for (const [k, x] of v) out.set(walk(k), walk(x));
      return out;
    }
    if (v instanceof Set) {
      const out = new Set();
      seen.set(v, out);
      for (const x of v) out.add(walk(x));
      return out;
    }
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const key of Object.keys(v)) out[key] = walk(read(v, key));
    for (const name of methods(v)) if (!(name in out)) out[name] = { [FUNCTION_MARK]: name };
    return out;
  };
  return walk(value);
}

function cloneable(v: object): boolean {
  try {
    structuredClone(v);
    return true;
  } catch {
    return false;
  }
}

function read(o: object, key: string): unknown {
  try {
    return (o as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Methods of the object's classes (not Object's own). */
function methods(o: object): string[] {
  const names: string[] = [];
  for (let p = Object.getPrototypeOf(o) as object | null; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name);
      if (name !== 'constructor' && typeof d?.value === 'function') names.push(name);
    }
  }
  return names;
}

/** Grader side: markers become functions that say why they cannot run. */
export function revive(value: unknown, seen = new Set<object>()): unknown {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  const mark = (value as Record<string, unknown>)[FUNCTION_MARK];
  if (typeof mark === 'string' && Object.keys(value).length === 1) return standIn(mark);
  seen.add(value);
  if (value instanceof Map) for (const [k, x] of value) value.set(k, revive(x, seen));
  else if (value instanceof Set) return new Set([...value].map((x) => revive(x, seen)));
  else for (const key of Object.keys(value)) (value as Record<string, unknown>)[key] = revive((value as Record<string, unknown>)[key], seen);
  return value;
}

function standIn(name: string): () => never {
  const f = () => {
    throw new Error(`${name}() belongs to the code under test: checks see that it is a function, they cannot call it.`);
  };
  Object.defineProperty(f, 'name', { value: name });
  return f;
}
