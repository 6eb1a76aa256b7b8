// Property checks (src/core/checks/property): the learner's function against the reference's on
// generated, seeded inputs, with in-process callers standing in for the two processes.
import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { describeCheck } from '../../src/core/checks/describe';
import { evaluateCheck } from '../../src/core/checks/engine';
import { arbitrariesProblem, argumentsArbitrary, compareInGrader, propertyForRun, runPropertyCheck, type Caller } from '../../src/core/checks/property';
import { nodeFiles } from '../../src/core/lessons/files';
import { resolveFixtures } from '../../src/core/lessons/fixtures';
import { loadPack } from '../../src/core/lessons/loader';
import { isBroken } from '../../src/core/lessons/model';
import { checkSchema, type CheckSpec } from '../../src/core/lessons/schema';
import { ADD_LESSON, addPack } from './helpers/tempPack';

type Fn = (...args: never[]) => unknown;

/** A Caller over plain functions, and the argument lists it was called with. */
function caller(fns: Record<string, Fn>): Caller & { seen: unknown[][] } {
  const seen: unknown[][] = [];
  const call = async (fn: string, args: unknown[]) => {
    seen.push(structuredClone(args));
    const started = performance.now();
    try {
      return { output: await (fns[fn] as (...a: unknown[]) => unknown)(...args), durationMs: performance.now() - started };
    } catch (e) {
      return { error: { message: (e as Error).message, name: (e as Error).name }, durationMs: performance.now() - started };
    }
  };
  return Object.assign(call, { seen });
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const ints = [{ array: { of: { integer: { min: -50, max: 50 } }, maxLength: 20 } }];
const spec = (extra: Partial<CheckSpec>): CheckSpec => ({ type: 'property', call: 'sum', arbitraries: ints, ...extra });

describe('property checks', function () {
  it('passes a right function written another way, and says on how many inputs with which seed', async function () {
    const loop = (xs: number[]) => {
      let t = 0;
      for (const x of xs) t += x;
      return t;
    };
    const r = await runPropertyCheck(spec({ seed: 7 }), { learner: caller({ sum: loop }), reference: caller({ sum }) });
    assert.equal(r.pass, true, r.reason);
    assert.equal(describeCheck(spec({ call: undefined }), 'sum'), 'sum agrees with the reference on generated inputs');
    assert.equal(describeCheck(spec({ compare: 'same-set' })), 'sum agrees with the reference on generated inputs (same-set)');
    assert.equal(r.reason, 'Agrees with the reference on 100 generated inputs (seed 7).');
  });

  it('fails an off-by-one function with the shrunk, smallest counterexample and both results', async function () {
    // Skips the last element: the smallest input that shows it is one non-zero number.
    const skipsLast = (xs: number[]) => sum(xs.slice(0, -1));
    const r = await runPropertyCheck(spec({ seed: 1 }), { learner: caller({ sum: skipsLast }), reference: caller({ sum }) });
    assert.equal(r.pass, false);
    assert.match(r.reason, /^For sum\(\[(-1|1)\]\) your function returned 0; the reference returns (-1|1) \(seed 1, run with the same seed to reproduce\)\./);
    assert.match(r.reason, /shrunk \d+ times? to the smallest/);
    assert.doesNotMatch(r.reason, /Where they differ/, 'no line that only repeats the two results');
    assert.equal(r.actual, '0');
    assert.match(r.expected ?? '', /^-?1$/);
  });

  it('shrinks a list to the minimal one that shows the mistake', async function () {
    // Ignores negative numbers: [-1] is the smallest input where it matters.
    const positivesOnly = (xs: number[]) => sum(xs.filter((x) => x > 0));
    const r = await runPropertyCheck(spec({ seed: 3 }), { learner: caller({ sum: positivesOnly }), reference: caller({ sum }) });
    assert.match(r.reason, /^For sum\(\[-1\]\) your function returned 0; the reference returns -1 /);
  });

  it('generates the same inputs from the same seed, other inputs from another, and a fixed default per lesson check', async function () {
    const run = async (s: CheckSpec, lessonId?: string) => {
      const ref = caller({ sum });
      if (lessonId) await propertyForRun({ id: lessonId, call: 'sum' }, 0, s, { learner: caller({ sum }), reference: ref });
      else await runPropertyCheck(s, { learner: caller({ sum }), reference: ref });
      return ref.seen;
    };
    const a = await run(spec({ seed: 42, runs: 20 }));
    assert.equal(a.length, 20);
    assert.deepEqual(await run(spec({ seed: 42, runs: 20 })), a);
    assert.notDeepEqual(await run(spec({ seed: 43, runs: 20 })), a);
    const noSeed = spec({ runs: 20, call: undefined });
    const first = await run(noSeed, 'rag/chunker');
    assert.deepEqual(await run(noSeed, 'rag/chunker'), first, 'the default seed is fixed per lesson check');
    assert.notDeepEqual(await run(noSeed, 'rag/other'), first);
    // A failure names the seed it used; that seed given back reproduces the same counterexample.
    const off = (xs: number[]) => sum(xs) + (xs.length > 3 ? 1 : 0);
    const failed = await runPropertyCheck(spec({}), { learner: caller({ sum: off }), reference: caller({ sum }) });
    const seed = Number(/seed (-?\d+)/.exec(failed.reason)?.[1]);
    const again = await runPropertyCheck(spec({ seed }), { learner: caller({ sum: off }), reference: caller({ sum }) });
    assert.equal(again.reason, failed.reason);
  });

  it('deep-equal ignores key order but not values', async function () {
    const arbs = [{ record: { a: 'integer', b: { optional: 'boolean' } } }];
    const ref = caller({ f: (o: { a: number; b?: boolean }) => ({ a: o.a, b: o.b ?? false }) });
    const pass = await runPropertyCheck({ type: 'property', call: 'f', arbitraries: arbs, seed: 5 }, { learner: caller({ f: (o: { a: number; b?: boolean }) => ({ b: o.b ?? false, a: o.a }) }), reference: ref });
    assert.equal(pass.pass, true, pass.reason);
    const fail = await runPropertyCheck({ type: 'property', call: 'f', arbitraries: arbs, seed: 5 }, { learner: caller({ f: (o: { a: number; b?: boolean }) => ({ a: o.a, b: o.b }) }), reference: ref });
    assert.equal(fail.pass, false);
    assert.match(fail.reason, /Where they differ: b is undefined, expected false/);
  });

  it('approx accepts differences within the tolerance only', async function () {
    const mean = (xs: number[]) => (xs.length ? sum(xs) / xs.length : 0);
    const arbs = [{ array: { of: { double: { min: -10, max: 10 } }, minLength: 1, maxLength: 8 } }];
    const base: CheckSpec = { type: 'property', call: 'mean', arbitraries: arbs, compare: 'approx', seed: 11 };
    const noisy = (d: number) => caller({ mean: (xs: number[]) => mean(xs) + d });
    assert.equal((await runPropertyCheck(base, { learner: noisy(1e-9), reference: caller({ mean }) })).pass, true);
    const off = await runPropertyCheck({ ...base, tolerance: 1e-3 }, { learner: noisy(0.01), reference: caller({ mean }) });
    assert.equal(off.pass, false);
    assert.match(off.reason, /± 0\.001/);
    assert.equal((await runPropertyCheck({ ...base, tolerance: 0.1 }, { learner: noisy(0.01), reference: caller({ mean }) })).pass, true);
    assert.equal((await runPropertyCheck({ ...base, compare: 'deep-equal' }, { learner: noisy(1e-9), reference: caller({ mean }) })).pass, false);
  });

  it('same-set ignores order but not multiplicity', async function () {
    const arbs = [{ array: { of: { constantFrom: ['a', 'b', 'c'] }, maxLength: 6 } }];
    const base: CheckSpec = { type: 'property', call: 'f', arbitraries: arbs, compare: 'same-set', seed: 2 };
    const ref = caller({ f: (xs: string[]) => [...xs].sort() });
    assert.equal((await runPropertyCheck(base, { learner: caller({ f: (xs: string[]) => [...xs].reverse() }), reference: ref })).pass, true);
    const dedup = await runPropertyCheck(base, { learner: caller({ f: (xs: string[]) => [...new Set(xs)] }), reference: ref });
    assert.equal(dedup.pass, false);
    assert.match(dedup.reason, /^For f\(\["a","a"\]\) your function returned \["a"\]; the reference returns \["a","a"\]/);
    assert.match(dedup.reason, /fewer times/);
  });

  it('compare "javascript" goes through the runner\'s callback, with actual, expected and args', async function () {
    const base: CheckSpec = { type: 'property', call: 'sum', arbitraries: ints, compare: 'javascript', value: 'Math.sign(actual) === Math.sign(expected)', seed: 9 };
    const seen: string[] = [];
    const compareCustom = (expr: string, { actual, expected, args }: { actual: unknown; expected: unknown; args: unknown[] }) => {
      seen.push(expr);
      assert.ok(Array.isArray(args[0]));
      return { pass: Math.sign(actual as number) === Math.sign(expected as number), reason: 'signs differ' };
    };
    const doubled = caller({ sum: (xs: number[]) => 2 * sum(xs) });
    assert.equal((await runPropertyCheck(base, { learner: doubled, reference: caller({ sum }) }, { compareCustom })).pass, true);
    assert.equal(seen[0], base.value);
    const negated = await runPropertyCheck(base, { learner: caller({ sum: (xs: number[]) => -sum(xs) }), reference: caller({ sum }) }, { compareCustom });
    assert.match(negated.reason, /^For sum\(\[(-1|1)\]\) your function returned (1|-1); the reference returns (-1|1) .*signs differ/);
    const broken = await runPropertyCheck(base, { learner: doubled, reference: caller({ sum }) }, { compareCustom: () => { throw new Error('actual is not defined'); } });
    assert.equal(broken.reason, "The check's comparison failed: actual is not defined");
    const none = await runPropertyCheck(base, { learner: doubled, reference: caller({ sum }) });
    assert.match(none.reason, /cannot run here/);
  });

  it('compareInGrader evaluates expressions and function bodies as a javascript check would', async function () {
    const grade = async (items: { spec: CheckSpec; input: { output: unknown; args: unknown[] } }[]) => items.map((i) => evaluateCheck(i.spec, i.input));
    const expr = compareInGrader(grade);
    assert.equal((await expr('actual === expected + args[0]', { actual: 3, expected: 2, args: [1] })).pass, true);
    assert.equal((await expr('actual === expected', { actual: 3, expected: 2, args: [1] })).pass, false);
    assert.equal((await expr('if (actual > expected) return true;\nreturn false;', { actual: 3, expected: 2, args: [] })).pass, true);
    await assert.rejects(Promise.resolve(expr('actual.nope.deeper', { actual: {}, expected: 0, args: [] })), /expression threw/);
  });

  it('a throw on one side is a counterexample; throws on both sides agree', async function () {
    const arbs = [{ integer: { min: -20, max: 20 } }];
    const strict = (n: number) => {
      if (n < 0) throw new RangeError('n must not be negative');
      return n * 2;
    };
    const base: CheckSpec = { type: 'property', call: 'f', arbitraries: arbs, seed: 4 };
    const same = await runPropertyCheck(base, { learner: caller({ f: (n: number) => (n < 0 ? strict(n) : n + n) }), reference: caller({ f: strict }) });
    assert.equal(same.pass, true, same.reason);
    const lax = await runPropertyCheck(base, { learner: caller({ f: (n: number) => n * 2 }), reference: caller({ f: strict }) });
    assert.match(lax.reason, /^For f\(-1\) your function returned -2; the reference throws RangeError: n must not be negative/);
    assert.equal(lax.expected, 'throws RangeError: n must not be negative');
    const throwsAlways = await runPropertyCheck(base, { learner: caller({ f: () => { throw new Error('not yet'); } }), reference: caller({ f: strict }) });
    assert.match(throwsAlways.reason, /^For f\(0\) your function threw Error: not yet; the reference returns 0 /);
  });

  it('reports a mistake in the arbitraries with its place, on the check and at load time', async function () {
    const bad: CheckSpec = { type: 'property', call: 'f', arbitraries: [{ array: { of: { integr: {} } } }] };
    const r = await runPropertyCheck(bad, { learner: caller({}), reference: caller({}) });
    assert.equal(r.pass, false);
    assert.match(r.reason, /arbitraries are invalid: arbitraries\[0\]\.array\.of: expected one key naming an arbitrary .* got "integr"/);
    assert.match(arbitrariesProblem([{ let: { dim: 'nat' }, in: [{ ref: 'dom' }] }]) ?? '', /"dom" is not bound/);
    assert.match(arbitrariesProblem([{ integer: { min: 5, max: 1 } }]) ?? '', /max \(1\) is below min \(5\)/);
    assert.match(arbitrariesProblem({ integer: {} }) ?? '', /must generate the argument list/);
    assert.match(arbitrariesProblem(['strnig']) ?? '', /unknown arbitrary "strnig"/);
    const parsed = checkSchema.safeParse(bad);
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error?.issues.map((i) => i.path), [['arbitraries']]);
    assert.equal(checkSchema.safeParse({ type: 'property', call: 'f', arbitraries: { $fixture: 'fixtures/x.arbs.json' } }).success, true);
    assert.equal(checkSchema.safeParse({ type: 'equals', value: 1, arbitraries: ['nat'] }).success, false);
    assert.equal(checkSchema.safeParse({ type: 'property', call: 'f' }).success, false);
  });

  it('loads arbitraries from a fixture file, and names a missing file or a mistake at its line', async function () {
    const check = { name: 'sums like the reference', type: 'property', call: 'sum', arbitraries: { $fixture: 'fixtures/sum.arbs.json' } };
    const good = await loadPack(addPack({ 't/add/lesson.json': { ...ADD_LESSON, checks: [check] }, 't/add/fixtures/sum.arbs.json': ints }), nodeFiles);
    const lesson = good.pack?.tracks[0].entries[0];
    assert.ok(lesson && !isBroken(lesson), JSON.stringify(good.problems));
    const [resolved] = (await resolveFixtures(lesson.checks, lesson.dir, nodeFiles)) as CheckSpec[];
    const r = await propertyForRun(lesson, 0, resolved, { learner: caller({ sum: (xs: number[]) => sum(xs.slice(1)) }), reference: caller({ sum }) });
    assert.match(r.reason, /^For sum\(\[-?1\]\) your function returned 0/);

    // A fixture for one argument's arbitrary, and a fixture as a constant's data: checked when they run.
    const mixed = { ...check, call: 'scale', arbitraries: [{ $fixture: 'fixtures/xs.arbs.json' }, { constant: { $fixture: 'fixtures/factor.json' } }] };
    const scale = (xs: number[], f: { by: number }) => xs.map((x) => x * f.by);
    const parts = await loadPack(addPack({ 't/add/lesson.json': { ...ADD_LESSON, checks: [mixed] }, 't/add/fixtures/xs.arbs.json': { array: { of: { integer: { min: 1, max: 9 } }, minLength: 1 } }, 't/add/fixtures/factor.json': { by: 3 } }), nodeFiles);
    const partsLesson = parts.pack?.tracks[0].entries[0];
    assert.ok(partsLesson && !isBroken(partsLesson), JSON.stringify(parts.problems));
    const [mixedResolved] = (await resolveFixtures(partsLesson.checks, partsLesson.dir, nodeFiles)) as CheckSpec[];
    const ok = await propertyForRun(partsLesson, 0, mixedResolved, { learner: caller({ scale }), reference: caller({ scale }) });
    assert.equal(ok.pass, true, ok.reason);
    const off = await propertyForRun(partsLesson, 0, mixedResolved, { learner: caller({ scale: (xs: number[]) => xs.map((x) => x * 2) }), reference: caller({ scale }) });
    assert.match(off.reason, /^For scale\(\[1\], \{"by":3\}\) your function returned \[2\]; the reference returns \[3\]/);

    const missing = await loadPack(addPack({ 't/add/lesson.json': { ...ADD_LESSON, checks: [check] } }), nodeFiles);
    assert.deepEqual(missing.problems.map((p) => [p.field, /fixtures\/sum\.arbs\.json does not exist/.test(p.message)]), [['checks[0].arbitraries', true]]);
    const inline = await loadPack(addPack({ 't/add/lesson.json': { ...ADD_LESSON, checks: [{ ...check, arbitraries: [{ array: { of: 'int' } }] }] } }), nodeFiles);
    assert.equal(inline.problems.length, 1);
    assert.equal(inline.problems[0].field, 'checks[0].arbitraries');
    assert.match(inline.problems[0].message, /arbitraries\[0\]\.array\.of: unknown arbitrary "int"/);
    assert.ok(inline.problems[0].line > 0, 'points at the line of the field');
  });

  it('generates what the language says: words, chars, unique arrays, dictionaries, vectors of one dimension', function () {
    const sample = (spec: unknown) => fc.sample(argumentsArbitrary(spec), { seed: 1, numRuns: 60 });
    for (const [text] of sample([{ words: { from: ['alpha', 'beta'], minWords: 1, maxWords: 4 } }]) as [string][]) assert.match(text, /^(alpha|beta)( (alpha|beta)){0,3}$/);
    for (const [text] of sample([{ string: { chars: 'ab \n', maxLength: 12 } }]) as [string][]) assert.match(text, /^[ab \n]{0,12}$/);
    for (const [xs] of sample([{ array: { of: { integer: { min: 0, max: 5 } }, unique: true } }]) as [number[]][]) assert.equal(new Set(xs).size, xs.length);
    for (const [d] of sample([{ dictionary: { keys: { constantFrom: ['x', 'y'] }, values: 'boolean' } }]) as [Record<string, boolean>][]) assert.ok(Object.keys(d).every((k) => k === 'x' || k === 'y'));
    for (const [v] of sample([{ nullable: { constant: 1 } }]) as [unknown][]) assert.ok(v === null || v === 1);
    const vectors = { let: { dim: { integer: { min: 1, max: 8 } } }, in: [{ array: { of: { double: { min: -1, max: 1 } }, length: { ref: 'dim' } } }, { array: { of: { array: { of: 'double', length: { ref: 'dim' } } }, maxLength: 5 } }] };
    const dims = new Set<number>();
    for (const [q, docs] of sample(vectors) as [number[], number[][]][]) {
      dims.add(q.length);
      assert.ok(q.length >= 1 && q.length <= 8);
      for (const d of docs) assert.equal(d.length, q.length);
      assert.ok([...q, ...docs.flat()].every((x) => Number.isFinite(x)));
    }
    assert.ok(dims.size > 3, 'the dimension varies between inputs');
  });

  it('stops when cancelled', async function () {
    const ac = new AbortController();
    let calls = 0;
    const slow: Caller = async (_fn, args) => {
      if (++calls === 5) ac.abort();
      return { output: sum(args[0] as number[]), durationMs: 0 };
    };
    const r = await runPropertyCheck(spec({ seed: 1 }), { learner: slow, reference: caller({ sum }) }, { signal: ac.signal });
    assert.equal(r.reason, 'Cancelled.');
    assert.ok(calls < 10, `stopped calling (${calls} calls)`);
  });
});
