// The built-in course's content standard, lesson by lesson (whether each lesson's checks hold
// is `npm run verify-lessons`): listed in roadmap order and loading, with instructions that start
// with why the skill matters and give a task, at least two hints, an estimate and a difficulty,
// and at least two wrong solutions that the verifier proves the checks catch.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';

const PACK = path.resolve(__dirname, '../../lessons');
const TRACKS = ['prompt', 'rag', 'eval', 'flow', 'guard', 'context', 'observe', 'agents', 'tools'];
const pack = JSON.parse(readFileSync(path.join(PACK, 'pack.json'), 'utf8')) as { tracks: { id: string; lessons: string[] }[] };
const ids = pack.tracks.flatMap((t) => t.lessons);

describe('the built-in course', function () {
  let catalog: Catalog;
  before(async function () {
    catalog = await Catalog.load([PACK], nodeFiles);
  });

  it('loads without problems: nine tracks in roadmap order, 30 or more lessons', function () {
    assert.deepEqual(catalog.problems, []);
    assert.deepEqual(pack.tracks.map((t) => t.id), TRACKS);
    assert.ok(ids.length >= 30, `${ids.length} lessons`);
    for (const t of pack.tracks) for (const id of t.lessons) assert.ok(id.startsWith(`${t.id}/`), `${id} is in its own track's folder`);
  });

  it('lists every lesson folder in pack.json', function () {
    const onDisk = TRACKS.flatMap((t) => (existsSync(path.join(PACK, t)) ? readdirSync(path.join(PACK, t)).map((n) => `${t}/${n}`) : []));
    assert.deepEqual(onDisk.filter((id) => !ids.includes(id)), []);
  });

  for (const id of ids) {
    it(`${id}: instructions with why and a task, two or more hints, an estimate, a difficulty, two or more wrong solutions`, function () {
      const dir = path.join(PACK, ...id.split('/'));
      const manifest = JSON.parse(readFileSync(path.join(dir, 'lesson.json'), 'utf8')) as { hints?: string[]; minutes?: number; difficulty?: string; instructions?: string };
      const readme = readFileSync(path.join(dir, manifest.instructions ?? 'README.md'), 'utf8');
      const intro = readme.split(/\n#+ /)[0].replace(/^# .*\n/, '').trim();
      assert.ok(intro.split(/[.!?](\s|$)/).filter((s) => s && s.trim().length > 20).length >= 2, 'the instructions open with at least two sentences on why the skill matters');
      assert.match(readme, /^## Your task/m);
      assert.ok((manifest.hints?.length ?? 0) >= 2, 'at least two hints');
      assert.ok(manifest.minutes !== undefined && manifest.minutes >= 5 && manifest.minutes <= 20, `minutes ${manifest.minutes} in 5..20`);
      assert.ok(['intro', 'core', 'stretch'].includes(manifest.difficulty ?? ''), 'difficulty is stated');
      const wrong = existsSync(path.join(dir, 'wrong')) ? readdirSync(path.join(dir, 'wrong')) : [];
      assert.ok(wrong.length >= 2, `wrong/ holds ${wrong.length}`);
    });
  }
});
