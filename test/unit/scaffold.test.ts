// New Lesson…: a scaffolded lesson is listed in its pack and already verifies (reference passes,
// starter and wrong solution fail); pack.json keeps its formatting; nothing is overwritten.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { scaffoldLesson } from '../../src/core/authoring/scaffold';
import { tempDir } from './helpers/tempPack';

const DIST = path.resolve(__dirname, '../../dist');

async function verify(pack: string): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(['verify', pack], { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, distDir: DIST });
  return { code, out: lines.join('\n') };
}

describe('New Lesson scaffolding', function () {
  this.timeout(60_000);

  it('creates a pack with a code lesson and a prompt lesson that both verify', async function () {
    const pack = path.join(tempDir('ai-dojo-scaffold-'), '.ai-dojo');
    await scaffoldLesson(pack, { id: 'team/first', title: 'Our first lesson', kind: 'code' }, { id: 'acme', name: 'Acme' });
    await scaffoldLesson(pack, { id: 'team/second', title: 'Our prompt', kind: 'prompt' });
    await scaffoldLesson(pack, { id: 'retrieval/ours', title: 'Our retriever', kind: 'code' });
    const manifest = JSON.parse(readFileSync(path.join(pack, 'pack.json'), 'utf8'));
    assert.equal(manifest.name, 'Acme');
    assert.deepEqual(manifest.tracks.map((t: { id: string; lessons: string[] }) => [t.id, t.lessons]), [['team', ['team/first', 'team/second']], ['retrieval', ['retrieval/ours']]]);
    const { code, out } = await verify(pack);
    assert.equal(code, 0, out);
    assert.match(out, /OK: 3\/3 lessons verified/);
  });

  it("adds to an existing pack.json without touching the rest of its text", async function () {
    const pack = tempDir('ai-dojo-scaffold-');
    const original = '{\n    "id": "p",\n    "name": "Pack",\n    "version": "1.0.0",\n    "tracks": [ { "id": "t", "title": "T", "lessons": [] } ]\n}\n';
    writeFileSync(path.join(pack, 'pack.json'), original);
    await scaffoldLesson(pack, { id: 't/one', title: 'One', kind: 'code' });
    const text = readFileSync(path.join(pack, 'pack.json'), 'utf8');
    assert.ok(text.startsWith('{\n    "id": "p",\n    "name": "Pack",'), text);
    assert.deepEqual(JSON.parse(text).tracks[0].lessons, ['t/one']);
  });

  it('refuses a bad id and an existing lesson, changing nothing', async function () {
    const pack = tempDir('ai-dojo-scaffold-');
    await assert.rejects(scaffoldLesson(pack, { id: 'NoTrack', title: 'x', kind: 'code' }), /<track>\/<name>/);
    await scaffoldLesson(pack, { id: 't/one', title: 'One', kind: 'code' });
    const before = readFileSync(path.join(pack, 'pack.json'), 'utf8');
    await assert.rejects(scaffoldLesson(pack, { id: 't/one', title: 'Again', kind: 'prompt' }), /already exists/);
    assert.equal(readFileSync(path.join(pack, 'pack.json'), 'utf8'), before);
  });
});
