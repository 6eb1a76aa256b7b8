// `verify --record-mistakes` writes the checks each wrong solution fails into lesson.json, changing
// nothing else; every other verify fails a lesson whose recorded list is missing or stale.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { Lesson } from '../../src/core/lessons/model';
import { checkRecordedMistakes, recordMistakes, withFails } from '../../src/core/verify/mistakes';
import type { PackReport } from '../../src/core/verify/types';
import { ADD_LESSON, PACK, tempDir, tempPack } from './helpers/tempPack';

const DIST = path.resolve(__dirname, '../../dist');
const GOOD = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
const MINUS = GOOD.replace('a + b', 'a - b');
const ABS = GOOD.replace('a + b', 'Math.abs(a) + Math.abs(b)');

async function verify(args: string[]): Promise<{ code: number; out: string; report: PackReport }> {
  const lines: string[] = [];
  const json = path.join(tempDir('ai-dojo-report-'), 'report.json');
  const code = await main(['verify', ...args, '--json', json], { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, distDir: DIST });
  return { code, out: lines.join('\n'), report: JSON.parse(readFileSync(json, 'utf8')) as PackReport };
}

describe('known mistakes: recording what each wrong solution fails', function () {
  this.timeout(60_000);

  describe('withFails (the text edit)', function () {
    const text = '{\n  "id": "t/add",\n  "files": ["add.ts"],\n  "wrong": {\n    "minus": {\n      "why": "Subtracts.",\n      "rules": ["sum"]\n    },\n    "abs": {}\n  }\n}\n';

    it('adds the list after the entry’s last field and leaves every other line as it was', function () {
      const out = withFails(text, 'minus', ['adds small numbers', 'adds negatives']);
      assert.equal(
        out,
        '{\n  "id": "t/add",\n  "files": ["add.ts"],\n  "wrong": {\n    "minus": {\n      "why": "Subtracts.",\n      "rules": ["sum"],\n      "fails": [\n        "adds small numbers",\n        "adds negatives"\n      ]\n    },\n    "abs": {}\n  }\n}\n',
      );
      assert.equal(withFails(out, 'minus', ['adds small numbers', 'adds negatives']), out, 'recording again changes nothing');
      assert.deepEqual(JSON.parse(withFails(out, 'minus', ['adds negatives'])).wrong.minus.fails, ['adds negatives'], 'a stale list is replaced');
    });

    it('fills an empty entry, and adds an entry (and "wrong") that is not there', function () {
      assert.deepEqual(JSON.parse(withFails(text, 'abs', ['adds negatives'])).wrong.abs, { fails: ['adds negatives'] });
      assert.deepEqual(JSON.parse(withFails(text, 'new', [])).wrong.new, { fails: [] });
      assert.deepEqual(JSON.parse(withFails('{\n  "id": "x"\n}\n', 'a', ['c'])), { id: 'x', wrong: { a: { fails: ['c'] } } });
    });
  });

  describe('a check a wrong solution fails only sometimes (timing on a busy machine)', function () {
    const lesson = (fails: string[]) => ({ id: 't/x', wrong: { slow: { why: 'Slow.', fails } } }) as unknown as Lesson;
    const report = (failedChecks: string[]) => [{ name: 'slow', caught: true, failed: failedChecks.length, failedChecks }];
    /** A rerun that answers each run in turn from `runs`. */
    const reruns = (...runs: string[][]) => {
      const calls: string[] = [];
      return { calls, rerun: async (name: string) => (calls.push(name), runs[calls.length - 1] ?? runs[runs.length - 1]) };
    };

    it('runs again when the failures disagree with the list, and accepts a list the runs agree with', async function () {
      const r = reruns(['a', 'b']);
      const got = await checkRecordedMistakes(lesson(['a', 'b']), report(['a']), r.rerun);
      assert.deepEqual(got.problems, []);
      assert.equal(r.calls.length, 1);
      assert.deepEqual(got.warnings, ['wrong/slow/ failed "b" in some of 2 runs only (timing or chance?): a learner making this mistake may or may not see it fail.']);
    });

    it('does not run again when the first run agrees', async function () {
      const r = reruns(['a']);
      assert.deepEqual(await checkRecordedMistakes(lesson(['a']), report(['a']), r.rerun), { problems: [], warnings: [] });
      assert.equal(r.calls.length, 0);
    });

    it('a list that disagrees with five runs is stale: what never failed, and what failed every time', async function () {
      const r = reruns(['a', 'c'], ['a', 'c']);
      const got = await checkRecordedMistakes(lesson(['a', 'b']), report(['a', 'c']), r.rerun);
      assert.equal(r.calls.length, 4);
      assert.deepEqual(got.problems, [
        'lesson.json wrong["slow"].fails is stale: wrong/slow/ no longer fails "b" and now fails "c" (in 5 runs); run `ai-dojo verify <pack> --record-mistakes --lesson t/x` to record it.',
      ]);
    });
  });

  describe('a check a wrong solution fails by chance (recorded as unsteady)', function () {
    const report = (failedChecks: string[]) => [{ name: 'slow', caught: true, failed: failedChecks.length, failedChecks }];
    const answering = (...runs: string[][]) => {
      let n = 0;
      return async () => runs[n++] ?? runs[runs.length - 1];
    };
    function lessonFile(entry: object): { lesson: Lesson; file: string } {
      const dir = tempDir('ai-dojo-unsteady-');
      const file = path.join(dir, 'lesson.json');
      writeFileSync(file, `${JSON.stringify({ id: 't/x', wrong: { slow: entry } }, null, 2)}\n`);
      return { lesson: { id: 't/x', dir, wrong: { slow: entry } } as unknown as Lesson, file };
    }
    const recordedEntry = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { wrong: { slow: { fails: string[]; unsteady?: string[] } } }).wrong.slow;

    it('records what failed every run as fails and what failed in some as unsteady, then removes unsteady once steady', async function () {
      const { lesson, file } = lessonFile({ why: 'Slow.' });
      const rec = await recordMistakes(lesson, report(['a', 'b']), answering(['a'], ['a', 'b'], ['a']));
      assert.deepEqual(rec.recorded, ['slow']);
      assert.deepEqual(recordedEntry(file), { why: 'Slow.', fails: ['a'], unsteady: ['b'] });
      assert.equal(rec.warnings.length, 1, 'the author hears about it once');

      const steady = lessonFile({ why: 'Slow.', fails: ['a'], unsteady: ['b'] });
      await recordMistakes(steady.lesson, report(['a']), answering(['a']));
      assert.deepEqual(recordedEntry(steady.file), { why: 'Slow.', fails: ['a'] });
    });

    it('a verify accepts an unsteady check failing in every run or in none, and still finds a stale list', async function () {
      const lesson = { id: 't/x', wrong: { slow: { why: 'Slow.', fails: ['a'], unsteady: ['b'] } } } as unknown as Lesson;
      assert.deepEqual(await checkRecordedMistakes(lesson, report(['a', 'b']), answering(['a', 'b'])), { problems: [], warnings: [] });
      assert.deepEqual(await checkRecordedMistakes(lesson, report(['a']), answering(['a'])), { problems: [], warnings: [] });
      const stale = await checkRecordedMistakes(lesson, report(['b', 'c']), answering(['b', 'c']));
      assert.match(stale.problems[0] ?? '', /no longer fails "a" and now fails "c" \(in 5 runs\)/);
    });
  });

  describe('verify', function () {
    before(function () {
      assert.ok(existsSync(path.join(DIST, 'sandbox.js')), 'dist/sandbox.js is missing: run `npm run build` first.');
    });

    function addPack(wrong: object): { root: string; manifest: string } {
      const root = tempPack({
        'pack.json': PACK,
        't/add/lesson.json': { ...ADD_LESSON, wrong },
        't/add/README.md': '# Add',
        't/add/starter/add.ts': GOOD.replace('a + b', '0'),
        't/add/solution/add.ts': GOOD,
        't/add/wrong/minus/add.ts': MINUS,
        't/add/wrong/abs/add.ts': ABS,
      });
      return { root, manifest: path.join(root, 't/add/lesson.json') };
    }

    it('fails an explained wrong solution with no recorded list, naming the lesson, the mistake and the fix', async function () {
      const { root } = addPack({ minus: { why: 'Subtracts.' } });
      const { code, report } = await verify([root]);
      assert.equal(code, 1);
      assert.deepEqual(report.lessons[0].problems, [
        'lesson.json wrong["minus"] has no "fails": the panel cannot recognise this mistake; run `ai-dojo verify <pack> --record-mistakes --lesson t/add` to record it.',
      ]);
    });

    it('--record-mistakes writes every list, then a plain verify passes; a stale list fails again', async function () {
      const { root, manifest } = addPack({ minus: { why: 'Subtracts.' }, abs: { why: 'Drops the signs.' } });
      const before = readFileSync(manifest, 'utf8');
      const rec = await verify([root, '--record-mistakes']);
      assert.equal(rec.code, 0, rec.out);
      assert.deepEqual(rec.report.lessons[0].recorded?.sort(), ['abs', 'minus']);
      assert.match(rec.out, /recorded the checks 2 wrong solutions fail/);
      const after = readFileSync(manifest, 'utf8');
      const wrong = (JSON.parse(after) as { wrong: Record<string, { fails: string[] }> }).wrong;
      assert.deepEqual(wrong.minus.fails, ['adds small numbers', 'adds negatives']);
      assert.deepEqual(wrong.abs.fails, ['adds negatives']);
      // Only lines were added (and commas after the lines they follow).
      const kept = before.split('\n').filter((l) => !after.split('\n').includes(l) && !after.split('\n').includes(`${l},`));
      assert.deepEqual(kept, []);

      const plain = await verify([root]);
      assert.equal(plain.code, 0, plain.out);
      const again = await verify([root, '--record-mistakes']);
      assert.deepEqual(again.report.lessons[0].recorded, []);
      assert.equal(readFileSync(manifest, 'utf8'), after, 'nothing to record: the file is untouched');

      writeFileSync(manifest, withFails(after, 'minus', ['adds negatives']));
      const stale = await verify([root]);
      assert.equal(stale.code, 1);
      assert.deepEqual(stale.report.lessons[0].problems, [
        'lesson.json wrong["minus"].fails is stale: wrong/minus/ now fails "adds small numbers" (in 5 runs); run `ai-dojo verify <pack> --record-mistakes --lesson t/add` to record it.',
      ]);
    });

    it('records nothing from a lesson that does not verify (its reference fails)', async function () {
      const { root, manifest } = addPack({ minus: { why: 'Subtracts.' } });
      writeFileSync(path.join(root, 't/add/solution/add.ts'), MINUS);
      const before = readFileSync(manifest, 'utf8');
      const { code, report } = await verify([root, '--record-mistakes']);
      assert.equal(code, 1);
      assert.ok(report.lessons[0].problems.includes('The failed checks of the wrong solutions were not recorded: fix the problems above first.'), report.lessons[0].problems.join('\n'));
      assert.equal(readFileSync(manifest, 'utf8'), before);
    });
  });
});
