// Mutation analysis (`ai-dojo verify --mutants`) on a tiny pack: StrykerJS's mutants of each
// reference run against the lesson's checks; the score, the survivors (file:line  original →
// mutant), equivalents marked in lesson.json and stale ones, the threshold, skip and cancel.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { nodeFiles } from '../../src/core/lessons/files';
import type { Lesson } from '../../src/core/lessons/model';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
import { mutateLesson } from '../../src/core/verify/mutants';
import { givenLines } from '../../src/core/verify/mutantsFiles';
import { lessonLine, summaryLine } from '../../src/core/verify/format';
import type { LessonReport, MutationReport, PackReport } from '../../src/core/verify/types';
import { PACK, tempDir, tempPack } from './helpers/tempPack';

const DIST = path.resolve(__dirname, '../../dist');

// clamp(20) = 10 and clamp(3) = 3 kill every mutant but `x >= 10` (line 2), which no check can
// tell from the reference: at 10 both return 10.
const CLAMP = 'export function clamp(x: number): number {\n  return x > 10 ? 10 : x;\n}\n';
const CLAMP_CHECKS = [
  { name: 'caps 20 at 10', args: [20], type: 'equals', value: 10 },
  { name: 'keeps 3', args: [3], type: 'equals', value: 3 },
];
const ADD = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';

function lesson(id: string, file: string, solution: string, checks: object[], manifest: object = {}): Record<string, string | object> {
  const call = file.replace(/\.ts$/, '');
  return {
    [`${id}/lesson.json`]: { id, title: call, kind: 'code', summary: `${call}.`, minutes: 5, files: [file], call, hints: ['a', 'b'], checks, ...manifest },
    [`${id}/README.md`]: `# ${call}`,
    [`${id}/starter/${file}`]: solution.replace(/return [^;]+;/, 'return 0;'),
    [`${id}/solution/${file}`]: solution,
  };
}

const EQUIVALENT = { file: 'clamp.ts', line: 2, original: 'x > 10', replacement: 'x >= 10', reason: 'At 10 both return 10.' };
const STALE = { file: 'clamp.ts', line: 7, replacement: 'x < 10', reason: 'Was on a line that is gone.' };
/** Marked equivalent by mistake: "caps 20 at 10" fails on it. */
const KILLED = { file: 'clamp.ts', line: 2, original: 'x > 10', replacement: 'x <= 10', reason: 'Wrongly thought equivalent.' };

async function verify(args: string[]): Promise<{ code: number; out: string; report: PackReport }> {
  const lines: string[] = [];
  const json = path.join(tempDir('ai-dojo-report-'), 'report.json');
  const code = await main(['verify', ...args, '--json', json], { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, distDir: DIST });
  return { code, out: lines.join('\n'), report: JSON.parse(readFileSync(json, 'utf8')) as PackReport };
}

describe('mutation analysis (verify --mutants)', function () {
  this.timeout(120_000);
  before(function () {
    assert.ok(existsSync(path.join(DIST, 'sandbox.js')), 'dist/sandbox.js is missing: run `npm run build` first.');
  });

  it('scores each lesson, lists survivors as file:line  original → mutant, honours equivalents and the threshold', async function () {
    const root = tempPack({
      'pack.json': { ...PACK, tracks: [{ id: 't', title: 'T', lessons: ['t/add', 't/clamp', 't/clamp-eq'] }] },
      ...lesson('t/add', 'add.ts', ADD, [
        { name: 'adds small numbers', args: [1, 2], type: 'equals', value: 3 },
        { name: 'adds negatives', args: [-1, -2], type: 'equals', value: -3 },
      ]),
      ...lesson('t/clamp', 'clamp.ts', CLAMP, CLAMP_CHECKS),
      ...lesson('t/clamp-eq', 'clamp.ts', CLAMP, CLAMP_CHECKS, { mutants: { equivalent: [EQUIVALENT, STALE, KILLED] } }),
    });
    const { code, out, report } = await verify([root, '--mutants']);
    assert.equal(code, 1, out);
    const [add, clamp, eq] = report.lessons;

    // Every mutant of a + b changes a sum the checks compare.
    assert.equal(add.ok, true, out);
    assert.equal(add.mutation?.status, 'done');
    assert.ok((add.mutation?.total ?? 0) >= 2, JSON.stringify(add.mutation));
    assert.equal(add.mutation?.score, 100);
    assert.equal(add.mutation?.survived, 0);
    assert.match(out, /✔ t\/add .*mutants 100% \(\d+\/\d+ killed/);

    // One survivor, reported where it is, fails the lesson below 90 %.
    const m = clamp.mutation;
    assert.ok(m);
    assert.deepEqual(m.mutants.filter((x) => x.status === 'survived').map((x) => [x.file, x.line, x.original, x.replacement]), [['clamp.ts', 2, 'x > 10', 'x >= 10']]);
    assert.equal(m.killed + m.survived, m.total);
    assert.equal(m.score, (100 * m.killed) / m.total);
    assert.ok(m.score < 90);
    assert.equal(clamp.ok, false);
    assert.match(out, /✘ t\/clamp .*mutants \d+% /);
    assert.match(out, /✘ Mutation score \d+% is below 90%: 1 mutant\(s\) of the reference pass every check/);
    assert.match(out, /^ {4}~ clamp\.ts:2 {2}x > 10 → x >= 10$/m);

    // Marked equivalent: not counted, the lesson passes; the entry that matches nothing is stale.
    assert.equal(eq.mutation?.equivalent, 1);
    assert.equal(eq.mutation?.survived, 0);
    assert.equal(eq.mutation?.score, 100);
    assert.equal(eq.mutation?.mutants.find((x) => x.status === 'equivalent')?.detail, EQUIVALENT.reason);
    assert.deepEqual(eq.mutation?.stale, [{ file: 'clamp.ts', line: 7, replacement: 'x < 10' }]);
    assert.equal(eq.ok, true, out);
    assert.match(out, /! lesson\.json mutants\.equivalent clamp\.ts:7 → x < 10 matches no mutant any more/);
    // Marked equivalent, but a check kills it: counted as killed, and the entry is reported.
    assert.deepEqual(eq.mutation?.killedEquivalents, [{ file: 'clamp.ts', line: 2, replacement: 'x <= 10' }]);
    assert.match(out, /! lesson\.json mutants\.equivalent clamp\.ts:2 → x <= 10 is killed by a check, so it is not equivalent: remove it/);
    assert.match(out, /FAILED: 2\/3 lessons verified.*\d+ mutants in 3 lessons, 1 survived, lowest score \d+%/);
  });

  it('passes the clamp lesson with --min-mutation-score at its score, and rejects a bad percentage', async function () {
    const root = tempPack({ 'pack.json': { ...PACK, tracks: [{ id: 't', title: 'T', lessons: ['t/clamp'] }] }, ...lesson('t/clamp', 'clamp.ts', CLAMP, CLAMP_CHECKS) });
    const { code, out, report } = await verify([root, '--mutants', '--min-mutation-score', '75', '--mutants-jobs', '1']);
    assert.equal(code, 0, out);
    assert.equal(report.lessons[0].mutation?.survived, 1);
    assert.match(out, /~ clamp\.ts:2 {2}x > 10 → x >= 10/, 'survivors are listed even when the score is enough');
    const lines: string[] = [];
    assert.equal(await main(['verify', root, '--mutants', '--min-mutation-score', '120'], { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, distDir: DIST }), 2);
    assert.match(lines.join('\n'), /--min-mutation-score takes a percentage from 0 to 100/);
  });

  it('prints a cancelled lesson as how far it got, and leaves its partial score out of the lowest score', function () {
    const mutation = (over: Partial<MutationReport>): MutationReport => ({
      status: 'done', minScore: 90, total: 4, killed: 4, survived: 0, equivalent: 0, ignored: 0, timeouts: 0, crashes: 0, errors: 0, mutants: [], stale: [], durationMs: 2000, score: 100, ...over,
    });
    const lesson = (id: string, m: MutationReport): LessonReport => ({ id, kind: 'code', ok: true, problems: [], warnings: [], checks: 2, wrong: [], passRates: [], durationMs: 1000, mutation: m });
    const ran = (n: number) => Array.from({ length: n }, () => ({ file: 'a.ts', line: 1, column: 1, mutator: 'X', original: 'a', replacement: 'b', status: 'killed' as const, durationMs: 100 }));
    const done = lesson('t/done', mutation({ mutants: ran(4) }));
    const cancelled = lesson('t/cancelled', mutation({ status: 'cancelled', total: 10, killed: 1, survived: 1, score: 50, mutants: ran(2) }));
    assert.match(lessonLine(cancelled), /mutants cancelled after 2\/10/);
    assert.match(lessonLine(done), /mutants 100% \(4\/4 killed, 2\.0 s\)/);
    const line = summaryLine({ pack: 'p', ok: true, lessons: [done, cancelled], problems: [], warnings: [], durationMs: 5000 });
    assert.match(line, /14 mutants in 2 lessons, 1 survived, lowest score 100%, 1\.5 mutants\/s/);
  });

  it('finds the top-level statements a learner file is given unchanged, and only whole ones', function () {
    const helper = '/** Given. */\nexport function words(t: string): string[] {\n  return t.split(/\\s+/).filter(Boolean);\n}\n';
    const starter = `${helper}\nexport function count(t: string): number {\n  // TODO\n  return 0;\n}\n`;
    // The learner's count() also ends with `return 0;`: a line in common, not a given statement.
    const solution = `${helper}\n// Counts words.\nexport function count(t: string): number {\n  if (!t) return 0;\n  return words(t).length;\n}\n`;
    assert.deepEqual(givenLines(solution, starter), [[2, 4]]);
    // Reformatted or commented differently, the helper is still the same code.
    assert.deepEqual(givenLines(solution, starter.replace('return t.split', '// split\n  return   t.split')), [[2, 4]]);
    // Changed by the author's solution: the learner writes it, so it is mutated.
    assert.deepEqual(givenLines(solution.replace('filter(Boolean)', 'filter((w) => w)'), starter), []);
  });

  describe('mutateLesson', function () {
    const pools: SandboxPool[] = [];
    after(() => pools.forEach((p) => p.dispose()));
    function env(): Parameters<typeof mutateLesson>[0] {
      const pool = new SandboxPool(path.join(DIST, 'sandbox.js'));
      pools.push(pool);
      return { pool, files: nodeFiles, embed: async () => [], timeoutMs: 30_000, memoryMb: 256 };
    }
    function loadLesson(files: Record<string, string | object>, id: string): Lesson {
      const dir = path.join(tempPack(files), id);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'lesson.json'), 'utf8')) as Lesson;
      return { ...manifest, key: `p:${id}`, packId: 'p', trackId: 't', dir, entryFile: manifest.files[0] };
    }

    it('mutates only what the learner writes: not a file given unchanged, not a solution file outside `files`', async function () {
      // harness.ts is the learner's too (in `files`) but handed over as is; notes.ts is not a
      // learner file. No check calls either, so a mutant of them would survive and cost the score.
      const harness = "export function label(n: number): string {\n  return n > 0 ? 'positive' : 'other';\n}\n";
      const l = loadLesson({
        ...lesson('t/add2', 'add.ts', ADD, [
          { name: 'adds small numbers', args: [1, 2], type: 'equals', value: 3 },
          { name: 'adds negatives', args: [-1, -2], type: 'equals', value: -3 },
        ], { files: ['add.ts', 'harness.ts', 'types.d.ts'] }),
        't/add2/starter/harness.ts': harness,
        't/add2/solution/harness.ts': harness,
        't/add2/starter/types.d.ts': 'export type N = number;\n',
        't/add2/solution/types.d.ts': 'export type N = number;\n',
        't/add2/solution/notes.ts': 'export const limit = 3 > 2 ? 1 : 0;\n',
      }, 't/add2');
      const e = env();
      const r = await mutateLesson(e, l, { minScore: 90, withDeps: false, pools: [e.pool] });
      assert.equal(r.status, 'done');
      assert.ok(r.total >= 2);
      assert.deepEqual([...new Set(r.mutants.map((m) => m.file))], ['add.ts']);
      assert.equal(r.score, 100);
      assert.deepEqual(r.skippedFiles?.map((f) => f.file).sort(), ['harness.ts', 'notes.ts', 'types.d.ts']);
      assert.match(r.skippedFiles?.find((f) => f.file === 'harness.ts')?.reason ?? '', /unchanged \(same as starter\/\)/);
      assert.match(r.skippedFiles?.find((f) => f.file === 'notes.ts')?.reason ?? '', /not a learner file/);
      const line = lessonLine({ id: 't/add2', kind: 'code', ok: true, problems: [], warnings: [], checks: 2, wrong: [], passRates: [], durationMs: 1, mutation: r });
      assert.match(line, /^ {4}· not mutated: harness\.ts: given to the learner unchanged/m);
      assert.match(line, /^ {4}· not mutated: notes\.ts: not a learner file/m);

      // A helper given in the learner's own file (same statement in starter/) is not mutated either.
      const helper = "export function label(n: number): string {\n  return n > 0 ? 'positive' : 'other';\n}\n";
      const withHelper = loadLesson({
        ...lesson('t/add4', 'add.ts', ADD + helper, [{ args: [1, 2], type: 'equals', value: 3 }, { args: [-1, -2], type: 'equals', value: -3 }]),
      }, 't/add4');
      const r4 = await mutateLesson(e, withHelper, { minScore: 90, withDeps: false, pools: [e.pool] });
      assert.ok(r4.mutants.length >= 2 && r4.mutants.every((m) => m.line <= 3), JSON.stringify(r4.mutants));
      assert.equal(r4.score, 100);
      assert.match(r4.skippedFiles?.[0]?.reason ?? '', /^lines 4-6: given to the learner unchanged/);

      // Once the learner has to change harness.ts (its starter differs), it is mutated too.
      const changed = loadLesson({
        ...lesson('t/add3', 'add.ts', ADD, [{ args: [1, 2], type: 'equals', value: 3 }], { files: ['add.ts', 'harness.ts'] }),
        't/add3/starter/harness.ts': 'export function label(n: number): string {\n  return "";\n}\n',
        't/add3/solution/harness.ts': harness,
      }, 't/add3');
      const r2 = await mutateLesson(e, changed, { minScore: 90, withDeps: false, pools: [e.pool] });
      assert.ok(r2.mutants.some((m) => m.file === 'harness.ts' && m.status === 'survived'), JSON.stringify(r2.mutants));
      assert.deepEqual(r2.skippedFiles, []);
    });

    it('skips a lesson with npm dependencies unless asked', async function () {
      const l = loadLesson(lesson('t/deps', 'add.ts', ADD, [], { dependencies: { 'left-pad': '1.3.0' } }), 't/deps');
      const e = env();
      const r = await mutateLesson(e, l, { minScore: 90, withDeps: false, pools: [e.pool] });
      assert.equal(r.status, 'skipped');
      assert.match(r.reason ?? '', /npm dependencies \(add --mutants-deps/);
      assert.equal(r.total, 0);
    });

    it('stops when cancelled: the runs so far, status cancelled', async function () {
      const l = loadLesson(lesson('t/clamp', 'clamp.ts', CLAMP, CLAMP_CHECKS), 't/clamp');
      const stop = new AbortController();
      const e = { ...env(), signal: stop.signal };
      const r = await mutateLesson(e, l, { minScore: 90, withDeps: false, pools: [e.pool], signal: stop.signal, onProgress: (_id, done) => done === 1 && stop.abort() });
      assert.equal(r.status, 'cancelled');
      assert.equal(r.mutants.length, 1);
      assert.ok(r.total > 1);
    });

    it('counts a mutant that loops forever as killed by timeout', async function () {
      const loop = 'export function sum(n: number): number {\n  let s = 0;\n  for (let i = 0; i < n; i++) s += i;\n  return s;\n}\n';
      const l = loadLesson(lesson('t/sum', 'sum.ts', loop, [{ args: [4], type: 'equals', value: 6 }]), 't/sum');
      const e = env();
      const r = await mutateLesson(e, l, { minScore: 90, withDeps: false, pools: [e.pool, env().pool] });
      const timeouts = r.mutants.filter((x) => x.status === 'timeout');
      assert.ok(timeouts.length >= 1, JSON.stringify(r.mutants.map((x) => [x.original, x.replacement, x.status])));
      assert.ok(timeouts.some((x) => x.original === 'i++' || x.original === 'i < n'));
      assert.equal(r.timeouts, timeouts.length);
      assert.equal(r.killed + r.survived, r.total);
      assert.ok((r.timeoutMs ?? 0) >= 5000 && (r.timeoutMs ?? 0) < 30_000);
    });
  });
});
