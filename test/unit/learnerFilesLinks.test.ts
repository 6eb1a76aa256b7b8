import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Lesson } from '../../src/core/lessons/model';
import { ensureLearnerFiles, resetLearnerFiles } from '../../src/core/workspace/learnerFiles';
import { tempDir } from './helpers/tempPack';

const STARTER = 'export const x = 0; // TODO\n';
const SECRET = 'a secret outside the pack\n';

/** Open Lesson runs in untrusted workspaces: links in the pack or the learner's folder must not leak or write outside. */
describe('learnerFiles and symlinks', function () {
  let packDir: string;
  let lesson: Lesson;
  let learnerDir: string;
  let outsideDir: string;
  let secret: string;

  beforeEach(function () {
    const root = tempDir('ai-dojo-links-');
    packDir = path.join(root, 'pack');
    const lessonDir = path.join(packDir, 't', 'x');
    fs.mkdirSync(path.join(lessonDir, 'starter'), { recursive: true });
    fs.writeFileSync(path.join(lessonDir, 'starter', 'a.ts'), STARTER);
    fs.writeFileSync(path.join(lessonDir, 'starter', 'b.ts'), STARTER);
    outsideDir = path.join(root, 'outside');
    fs.mkdirSync(outsideDir);
    secret = path.join(outsideDir, 'secret.txt');
    fs.writeFileSync(secret, SECRET);
    lesson = { id: 't/x', key: 'p:t/x', dir: lessonDir, packDir, files: ['a.ts', 'b.ts'] } as Lesson;
    learnerDir = path.join(root, 'workspace', 't', 'x');
  });

  const starterLink = () => {
    fs.rmSync(path.join(lesson.dir, 'starter', 'b.ts'));
    fs.symlinkSync(secret, path.join(lesson.dir, 'starter', 'b.ts'));
  };

  it('never copies a starter that links outside the pack, and copies nothing of that lesson', async function () {
    starterLink();
    await assert.rejects(ensureLearnerFiles(lesson, learnerDir), /starter\/b\.ts is a symlink that leads outside the pack/);
    assert.equal(fs.existsSync(learnerDir), false, 'nothing was created in the learner folder');
  });

  it('refuses the same starter on Reset, leaving the learner files as they were', async function () {
    await ensureLearnerFiles(lesson, learnerDir);
    fs.writeFileSync(path.join(learnerDir, 'a.ts'), 'mine');
    starterLink();
    await assert.rejects(resetLearnerFiles(lesson, learnerDir), /leads outside the pack/);
    assert.equal(fs.readFileSync(path.join(learnerDir, 'a.ts'), 'utf8'), 'mine');
    assert.equal(fs.existsSync(path.join(learnerDir, '.backup')), false);
  });

  it('without packDir, bounds the starter by the lesson folder', async function () {
    starterLink();
    const { packDir: _p, ...noPack } = lesson;
    await assert.rejects(ensureLearnerFiles(noPack as Lesson, learnerDir), /leads outside/);
  });

  it('does not write through a dangling symlink the workspace put where a learner file goes', async function () {
    const target = path.join(outsideDir, 'created-by-open-lesson.ts');
    fs.mkdirSync(learnerDir, { recursive: true });
    fs.symlinkSync(target, path.join(learnerDir, 'a.ts'));
    const { created } = await ensureLearnerFiles(lesson, learnerDir);
    assert.deepEqual(created, [path.join(learnerDir, 'b.ts')], 'the link counts as the learner file');
    assert.equal(fs.existsSync(target), false, 'no file appeared outside');
  });

  it('on Reset, moves a learner file that is a symlink into the backup without touching its target', async function () {
    await ensureLearnerFiles(lesson, learnerDir);
    fs.rmSync(path.join(learnerDir, 'a.ts'));
    fs.symlinkSync(secret, path.join(learnerDir, 'a.ts'));
    const backup = await resetLearnerFiles(lesson, learnerDir);
    assert.ok(backup);
    assert.equal(fs.readFileSync(secret, 'utf8'), SECRET, 'the link target is unchanged');
    assert.ok(fs.lstatSync(path.join(backup, 'a.ts')).isSymbolicLink(), 'the link itself is kept, not its content');
    assert.ok(!fs.lstatSync(path.join(learnerDir, 'a.ts')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(learnerDir, 'a.ts'), 'utf8'), STARTER);
  });

  it('refuses a sub-folder of the learner folder that links outside it', async function () {
    const sub: Lesson = { ...lesson, files: ['lib/c.ts'] };
    fs.mkdirSync(path.join(lesson.dir, 'starter', 'lib'));
    fs.writeFileSync(path.join(lesson.dir, 'starter', 'lib', 'c.ts'), STARTER);
    fs.mkdirSync(learnerDir, { recursive: true });
    fs.symlinkSync(outsideDir, path.join(learnerDir, 'lib'));
    await assert.rejects(ensureLearnerFiles(sub, learnerDir), /leads outside/);
    assert.equal(fs.existsSync(path.join(outsideDir, 'c.ts')), false);
  });
});
