import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Lesson } from '../../src/core/lessons/model';
import { ensureLearnerFiles, isInside, learnerDirFor, resetLearnerFiles } from '../../src/core/workspace/learnerFiles';

const STARTER_A = 'export function chunk(text: string): string[] {\n  return []; // TODO\n}\n';
const STARTER_B = 'export const SIZE = 0; // TODO\n';

describe('learnerFiles', function () {
  let root: string;
  let lesson: Lesson;
  let learnerDir: string;

  beforeEach(function () {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-learner-files-'));
    const lessonDir = path.join(root, 'pack', 'rag', 'chunker');
    fs.mkdirSync(path.join(lessonDir, 'starter', 'sub'), { recursive: true });
    fs.mkdirSync(path.join(lessonDir, 'solution', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(lessonDir, 'starter', 'a.ts'), STARTER_A);
    fs.writeFileSync(path.join(lessonDir, 'starter', 'sub', 'b.ts'), STARTER_B);
    fs.writeFileSync(path.join(lessonDir, 'solution', 'a.ts'), 'export function chunk() { return ["solved"]; }\n');
    fs.writeFileSync(path.join(lessonDir, 'solution', 'sub', 'b.ts'), 'export const SIZE = 200;\n');
    lesson = { id: 'rag/chunker', key: 'core:rag/chunker', dir: lessonDir, files: ['a.ts', 'sub/b.ts'] } as Lesson;
    learnerDir = path.join(root, 'workspace', 'ai-dojo', 'rag', 'chunker');
  });

  afterEach(function () {
    fs.rmSync(root, { recursive: true, force: true });
  });

  const read = (...p: string[]) => fs.readFileSync(path.join(...p), 'utf8');

  describe('learnerDirFor', function () {
    it('nests the folder by the segments of the lesson id', function () {
      assert.equal(learnerDirFor('/ws/ai-dojo', lesson), path.join('/ws/ai-dojo', 'rag', 'chunker'));
    });

    it('handles a single-segment id and a deeper one', function () {
      assert.equal(learnerDirFor('/ws', { ...lesson, id: 'intro' } as Lesson), path.join('/ws', 'intro'));
      assert.equal(learnerDirFor('/ws', { ...lesson, id: 'a/b/c' } as Lesson), path.join('/ws', 'a', 'b', 'c'));
    });
  });

  describe('ensureLearnerFiles', function () {
    it('copies every starter file into a new learner folder, creating subfolders', async function () {
      const { files, created } = await ensureLearnerFiles(lesson, learnerDir);
      const expected = [path.join(learnerDir, 'a.ts'), path.join(learnerDir, 'sub', 'b.ts')];
      assert.deepEqual(files, expected);
      assert.deepEqual(created, expected);
      assert.equal(read(learnerDir, 'a.ts'), STARTER_A);
      assert.equal(read(learnerDir, 'sub', 'b.ts'), STARTER_B);
    });

    it('copies the starter, never the solution', async function () {
      await ensureLearnerFiles(lesson, learnerDir);
      assert.ok(!read(learnerDir, 'a.ts').includes('solved'));
    });

    it('never overwrites a file the learner edited', async function () {
      await ensureLearnerFiles(lesson, learnerDir);
      const mine = 'export function chunk(text: string) { return [text]; }\n';
      fs.writeFileSync(path.join(learnerDir, 'a.ts'), mine);
      const { files, created } = await ensureLearnerFiles(lesson, learnerDir);
      assert.equal(read(learnerDir, 'a.ts'), mine);
      assert.deepEqual(created, []);
      assert.equal(files.length, 2);
    });

    it('copies only the files that are missing', async function () {
      fs.mkdirSync(learnerDir, { recursive: true });
      fs.writeFileSync(path.join(learnerDir, 'a.ts'), 'mine');
      const { created } = await ensureLearnerFiles(lesson, learnerDir);
      assert.deepEqual(created, [path.join(learnerDir, 'sub', 'b.ts')]);
      assert.equal(read(learnerDir, 'a.ts'), 'mine');
      assert.equal(read(learnerDir, 'sub', 'b.ts'), STARTER_B);
    });

    it('keeps an empty file the learner emptied', async function () {
      await ensureLearnerFiles(lesson, learnerDir);
      fs.writeFileSync(path.join(learnerDir, 'sub', 'b.ts'), '');
      await ensureLearnerFiles(lesson, learnerDir);
      assert.equal(read(learnerDir, 'sub', 'b.ts'), '');
    });

    it('rejects when a starter file is missing from the pack', async function () {
      fs.rmSync(path.join(lesson.dir, 'starter', 'sub', 'b.ts'));
      await assert.rejects(ensureLearnerFiles(lesson, learnerDir), /starter\/sub\/b\.ts does not exist/);
    });
  });

  describe('resetLearnerFiles', function () {
    const NOW = new Date('2025-03-04T05:06:07.089Z');
    const STAMP = '2025-03-04T05-06-07-089Z';

    it('backs up the current files with identical content and restores the starter', async function () {
      await ensureLearnerFiles(lesson, learnerDir);
      const mineA = 'export function chunk(t: string) { return t.split("\\n\\n"); }\n';
      const mineB = 'export const SIZE = 512;\n';
      fs.writeFileSync(path.join(learnerDir, 'a.ts'), mineA);
      fs.writeFileSync(path.join(learnerDir, 'sub', 'b.ts'), mineB);

      const backup = await resetLearnerFiles(lesson, learnerDir, NOW);

      assert.equal(backup, path.join(learnerDir, '.backup', STAMP));
      assert.equal(read(backup!, 'a.ts'), mineA);
      assert.equal(read(backup!, 'sub', 'b.ts'), mineB);
      assert.equal(read(learnerDir, 'a.ts'), STARTER_A);
      assert.equal(read(learnerDir, 'sub', 'b.ts'), STARTER_B);
    });

    it('uses a timestamp without characters that are awkward in file names', async function () {
      await ensureLearnerFiles(lesson, learnerDir);
      const backup = await resetLearnerFiles(lesson, learnerDir, NOW);
      assert.doesNotMatch(path.basename(backup!), /[:.]/);
    });

    it('preserves bytes exactly, including non-UTF-8 content', async function () {
      await ensureLearnerFiles(lesson, learnerDir);
      const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0d, 0x0a, 0xe9]);
      fs.writeFileSync(path.join(learnerDir, 'a.ts'), bytes);
      const backup = await resetLearnerFiles(lesson, learnerDir, NOW);
      assert.ok(fs.readFileSync(path.join(backup!, 'a.ts')).equals(bytes));
    });

    it('backs up only the files that exist', async function () {
      fs.mkdirSync(path.join(learnerDir, 'sub'), { recursive: true });
      fs.writeFileSync(path.join(learnerDir, 'sub', 'b.ts'), 'only b');
      const backup = await resetLearnerFiles(lesson, learnerDir, NOW);
      assert.ok(backup);
      assert.equal(read(backup, 'sub', 'b.ts'), 'only b');
      assert.equal(fs.existsSync(path.join(backup, 'a.ts')), false);
      assert.equal(read(learnerDir, 'a.ts'), STARTER_A);
      assert.equal(read(learnerDir, 'sub', 'b.ts'), STARTER_B);
    });

    it('returns undefined and makes no backup folder when there was nothing to keep', async function () {
      const backup = await resetLearnerFiles(lesson, learnerDir, NOW);
      assert.equal(backup, undefined);
      assert.equal(fs.existsSync(path.join(learnerDir, '.backup')), false);
      assert.equal(read(learnerDir, 'a.ts'), STARTER_A);
      assert.equal(read(learnerDir, 'sub', 'b.ts'), STARTER_B);
    });

    it('keeps earlier backups when reset twice', async function () {
      await ensureLearnerFiles(lesson, learnerDir);
      fs.writeFileSync(path.join(learnerDir, 'a.ts'), 'first try');
      const first = await resetLearnerFiles(lesson, learnerDir, NOW);
      fs.writeFileSync(path.join(learnerDir, 'a.ts'), 'second try');
      const second = await resetLearnerFiles(lesson, learnerDir, new Date(NOW.getTime() + 60_000));
      assert.notEqual(first, second);
      assert.equal(read(first!, 'a.ts'), 'first try');
      assert.equal(read(second!, 'a.ts'), 'second try');
      assert.equal(fs.readdirSync(path.join(learnerDir, '.backup')).length, 2);
    });

    it('leaves files in the learner folder that the lesson does not list', async function () {
      await ensureLearnerFiles(lesson, learnerDir);
      fs.writeFileSync(path.join(learnerDir, 'notes.md'), 'my notes');
      const backup = await resetLearnerFiles(lesson, learnerDir, NOW);
      assert.equal(read(learnerDir, 'notes.md'), 'my notes');
      assert.equal(fs.existsSync(path.join(backup!, 'notes.md')), false);
    });
  });
});

describe('isInside', function () {
  it('is true for files below the folder only', function () {
    const dir = path.join(os.tmpdir(), 'ai-dojo', 'rag', 'chunker');
    assert.equal(isInside(dir, path.join(dir, 'chunker.ts')), true);
    assert.equal(isInside(dir, path.join(dir, 'sub', 'b.ts')), true);
    assert.equal(isInside(dir, dir), false);
    assert.equal(isInside(dir, path.join(dir, '..', 'cosine-topk', 'x.ts')), false);
    assert.equal(isInside(dir, `${dir}-other${path.sep}x.ts`), false);
  });
});
