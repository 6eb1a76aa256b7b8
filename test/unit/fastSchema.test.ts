// The compiled lesson and pack schemas against zod itself: a manifest the compiled form takes is
// one zod accepts, with the same value (keys in the same order). Checked on every built-in
// manifest and on thousands of seeded mutations of them.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileSchema, NOT_TAKEN } from '../../src/core/lessons/fastSchema';
import { lessonSchema, packSchema } from '../../src/core/lessons/schema';

const lessonsDir = path.resolve(__dirname, '../../lessons');
const builtIn = (JSON.parse(fs.readFileSync(path.join(lessonsDir, 'pack.json'), 'utf8')) as { tracks: { lessons: string[] }[] }).tracks.flatMap((t) => t.lessons);
const lessonTexts = builtIn.map((id) => fs.readFileSync(path.join(lessonsDir, id, 'lesson.json'), 'utf8'));

/** Equal values with the same keys in the same order, undefined-valued keys included. */
function sameValue(a: unknown, b: unknown, at = '$'): void {
  if (Array.isArray(a) || Array.isArray(b)) {
    assert.ok(Array.isArray(a) && Array.isArray(b), `${at}: array and non-array`);
    assert.equal(a.length, b.length, `${at}: length`);
    a.forEach((x, i) => sameValue(x, b[i], `${at}[${i}]`));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    assert.deepEqual(Object.keys(a), Object.keys(b), `${at}: keys`);
    assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b), `${at}: prototype`);
    for (const k of Object.keys(a)) sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
  } else assert.ok(Object.is(a, b), `${at}: ${String(a)} vs ${String(b)}`);
}

function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Values a mutation puts in: every JSON type, bounds of the schema's numbers, enum members of other fields, paths.
const POOL: unknown[] = [
  null, true, false, 0, -1, 1, 1.5, 199, 200, 599, 600, 10_000, 10_001, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -0,
  '', 'x', 'X', 'a b', 'a/b', 'rag/chunker', '../x', '/abs', 'C:x', 'a\\..\\b', 'README.md', 'fixtures/x.json', '1.0.0', '1.0', 'approx',
  'deep-equal', 'same-set', 'javascript', 'equals', 'property', 'code', 'prompt', 'intro', 'stretch', 'bytes', 'truncate', 'file', 'user',
  [], [1], ['a'], [''], [{}], {}, { $fixture: 'fixtures/x.json' }, { name: 'n', type: 'equals' }, { id: 'r', text: 't' }, { why: 'w' },
];

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)];
}

/** Every container in a value, with its path. */
function containers(v: unknown, out: { node: Record<string, unknown> | unknown[] }[] = []): { node: Record<string, unknown> | unknown[] }[] {
  if (v && typeof v === 'object') {
    out.push({ node: v as Record<string, unknown> });
    for (const x of Object.values(v)) containers(x, out);
  }
  return out;
}

/** One to three random changes: a value replaced, a key deleted, renamed or added ("__proto__" and "constructor" among them). */
function mutate(text: string, rand: () => number): unknown {
  const v = JSON.parse(text) as unknown;
  const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) {
    const { node } = pick(rand, containers(v));
    const keys = Object.keys(node);
    const r = rand();
    if (Array.isArray(node)) {
      if (!node.length || r < 0.2) node.push(structuredClone(pick(rand, POOL)));
      else if (r < 0.4) node.splice(Math.floor(rand() * node.length), 1);
      else node[Math.floor(rand() * node.length)] = structuredClone(pick(rand, POOL));
    } else if (r < 0.1) {
      // A JSON "__proto__" key is an own property, as JSON.parse makes it (not the prototype).
      Object.defineProperty(node, '__proto__', { value: structuredClone(pick(rand, POOL)), enumerable: true, writable: true, configurable: true });
    } else if (r < 0.15) node[String('constructor')] = pick(rand, POOL);
    else if (r < 0.25 || !keys.length) node[pick(rand, ['extra', 'name', 'id', 'checks', 'call', 'rules', 'fails', 'x-y'])] = structuredClone(pick(rand, POOL));
    else if (r < 0.45) delete node[pick(rand, keys)];
    else if (r < 0.5) {
      const k = pick(rand, keys);
      node[`${k}2`] = node[k];
      delete node[k];
    } else node[pick(rand, keys)] = structuredClone(pick(rand, POOL));
  }
  return v;
}

/** Runs both; the compiled form may pass a value on to zod, never take one zod refuses or shapes otherwise. */
function agree(schema: typeof lessonSchema | typeof packSchema, value: unknown): 'taken' | 'left to zod' | 'refused' {
  const fast = compileSchema(schema)!;
  const before = structuredClone(value);
  const zod = schema.safeParse(structuredClone(value));
  const out = fast(value);
  sameValue(value, before, 'input (not changed)');
  if (out === NOT_TAKEN) return zod.success ? 'left to zod' : 'refused';
  assert.ok(zod.success, `taken but zod refuses: ${JSON.stringify(zod.error?.issues[0])}`);
  sameValue(out, zod.data);
  return 'taken';
}

describe('compiled manifest schemas', function () {
  it('compile both schemas', function () {
    assert.ok(compileSchema(lessonSchema));
    assert.ok(compileSchema(packSchema));
  });

  it('take every built-in manifest with the value zod gives, defaults applied and keys in order', function () {
    for (const text of lessonTexts) assert.equal(agree(lessonSchema, JSON.parse(text)), 'taken');
    assert.equal(agree(packSchema, JSON.parse(fs.readFileSync(path.join(lessonsDir, 'pack.json'), 'utf8'))), 'taken');
    // Defaults: a lesson without difficulty, instructions, hints or checks.
    const { difficulty: _d, instructions: _i, hints: _h, checks: _c, ...bare } = JSON.parse(lessonTexts[0]) as Record<string, unknown>;
    assert.equal(agree(lessonSchema, bare), 'taken');
  });

  it('never take a mutated manifest zod refuses, nor give another value than zod (thousands of seeded mutations)', function () {
    const rand = mulberry32(13);
    const seen = { taken: 0, 'left to zod': 0, refused: 0 };
    for (let round = 0; round < 60; round++) {
      for (const text of lessonTexts) seen[agree(lessonSchema, mutate(text, rand))]++;
    }
    const packText = fs.readFileSync(path.join(lessonsDir, 'pack.json'), 'utf8');
    for (let round = 0; round < 500; round++) seen[agree(packSchema, mutate(packText, rand))]++;
    // Both outcomes are exercised, and zod rarely has to decide a valid one alone.
    assert.ok(seen.taken > 300 && seen.refused > 300, JSON.stringify(seen));
    assert.ok(seen['left to zod'] < seen.taken / 10, JSON.stringify(seen));
  });

  it('leave refinements to zod: a property check with a bad compare, a path with ".."', function () {
    const lesson = JSON.parse(lessonTexts[0]) as { files: string[]; checks: Record<string, unknown>[] };
    assert.equal(agree(lessonSchema, { ...lesson, files: ['../x.ts'] }), 'refused');
    const prop = { ...lesson, checks: [{ type: 'property', call: 'f', compare: 'approx', arbitraries: 'not an object' }] };
    const zod = lessonSchema.safeParse(prop);
    assert.equal(agree(lessonSchema, prop), zod.success ? 'taken' : 'refused');
  });
});
