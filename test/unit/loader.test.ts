import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import { jsonSchemas } from '../../src/core/lessons/jsonSchema';
import { loadPack } from '../../src/core/lessons/loader';
import { isBroken } from '../../src/core/lessons/model';
import { learnerDirFor } from '../../src/core/workspace/learnerFiles';
import { ADD_LESSON, PACK, addPack } from './helpers/tempPack';

/** A pack with a good lesson `t/add` and a second lesson `t/bad` whose files the test supplies. */
function packWithBroken(bad: Record<string, string | object>) {
  return addPack({
    'pack.json': { ...PACK, tracks: [{ id: 't', title: 'Track', lessons: ['t/bad', 't/add'] }] },
    't/bad/README.md': '# Bad',
    't/bad/starter/add.ts': 'export {}',
    't/bad/solution/add.ts': 'export {}',
    ...bad,
  });
}

async function loadBroken(bad: Record<string, string | object>) {
  const dir = packWithBroken(bad);
  const result = await loadPack(dir, nodeFiles);
  assert.ok(result.pack, 'the pack itself loads');
  const entries = result.pack.tracks[0].entries;
  const good = entries.find((e) => e.id === 't/add');
  assert.ok(good && !isBroken(good), 'the other lesson still loads');
  const broken = entries.find((e) => e.id === 't/bad');
  assert.ok(broken && isBroken(broken), 't/bad is reported as broken');
  return { dir, problems: result.problems, broken };
}

describe('lesson pack loader', function () {
  it('loads a valid pack with defaults applied', async function () {
    const result = await loadPack(addPack(), nodeFiles);
    assert.deepEqual(result.problems, []);
    const lesson = result.pack?.tracks[0].entries[0];
    assert.ok(lesson && !isBroken(lesson));
    assert.equal(lesson.key, 'p:t/add');
    assert.equal(lesson.instructions, 'README.md');
    assert.equal(lesson.difficulty, 'core');
    assert.equal(lesson.entryFile, 'add.ts');
    assert.ok(lesson.dir.endsWith(path.join('t', 'add')));
  });

  it('reports invalid JSON with the file and the line', async function () {
    const { dir, problems } = await loadBroken({ 't/bad/lesson.json': '{\n  "id": "t/bad",\n  "title": "x",,\n}' });
    assert.equal(problems[0].file, path.join(dir, 't', 'bad', 'lesson.json'));
    assert.match(problems[0].message, /Invalid JSON/);
    assert.equal(problems[0].line, 2);
  });

  it('reports a missing field by name', async function () {
    const { title: _t, ...noTitle } = ADD_LESSON;
    const { problems } = await loadBroken({ 't/bad/lesson.json': { ...noTitle, id: 't/bad' } });
    assert.equal(problems.length, 1);
    assert.equal(problems[0].field, 'title');
    assert.match(problems[0].message, /^title: /);
  });

  it('reports a wrong type with the field path and its position', async function () {
    const { problems } = await loadBroken({ 't/bad/lesson.json': { ...ADD_LESSON, id: 't/bad', minutes: 'ten' } });
    assert.equal(problems[0].field, 'minutes');
    assert.match(problems[0].message, /number/);
    assert.ok(problems[0].line > 0, 'points at the line of the field');
  });

  it('reports an unknown check kind inside the checks array', async function () {
    const checks = [...ADD_LESSON.checks, { name: 'x', args: [1, 1], type: 'equal', value: 2 }];
    const { problems } = await loadBroken({ 't/bad/lesson.json': { ...ADD_LESSON, id: 't/bad', checks } });
    assert.equal(problems[0].field, 'checks[2].type');
  });

  it('reports an unknown key', async function () {
    const { problems } = await loadBroken({ 't/bad/lesson.json': { ...ADD_LESSON, id: 't/bad', minuets: 5 } });
    assert.equal(problems[0].field, 'minuets');
  });

  it('reports a missing starter, solution, instructions or fixture file', async function () {
    const checks = [{ args: [{ $fixture: 'fixtures/nope.json' }, 1], type: 'equals', value: 1 }];
    const { problems } = await loadBroken({ 't/bad/lesson.json': { ...ADD_LESSON, id: 't/bad', files: ['add.ts', 'more.ts'], instructions: 'INTRO.md', checks } });
    const messages = problems.map((p) => `${p.field} ${p.message}`).join('\n');
    assert.match(messages, /instructions .*INTRO\.md does not exist/);
    assert.match(messages, /files\[1\] .*starter\/more\.ts does not exist/);
    assert.match(messages, /files\[1\] .*solution\/more\.ts does not exist/);
    assert.match(messages, /checks\[0\]\.args .*fixtures\/nope\.json does not exist/);
  });

  it('reports a lesson id that does not match its folder', async function () {
    const { problems } = await loadBroken({ 't/bad/lesson.json': { ...ADD_LESSON } });
    assert.equal(problems[0].field, 'id');
    assert.match(problems[0].message, /"t\/add" but the pack lists this lesson as "t\/bad"/);
  });

  it('reports a lesson folder without a manifest', async function () {
    const { problems, dir } = await loadBroken({});
    assert.equal(problems[0].file, path.join(dir, 't', 'bad', 'lesson.json'));
    assert.match(problems[0].message, /not found/);
  });

  it('reports a check that names no function when the lesson has no default', async function () {
    const { call: _c, ...noCall } = ADD_LESSON;
    const { problems } = await loadBroken({ 't/bad/lesson.json': { ...noCall, id: 't/bad' } });
    assert.equal(problems[0].field, 'checks[0]');
  });

  it('reports a broken pack manifest and loads the other packs', async function () {
    const broken = addPack({ 'pack.json': { ...PACK, version: 'one' } });
    const catalog = await Catalog.load([broken, addPack()], nodeFiles);
    assert.equal(catalog.packs.length, 1);
    assert.equal(catalog.lessons.length, 1);
    assert.equal(catalog.problems[0].field, 'version');
    assert.equal(catalog.problems[0].file, path.join(broken, 'pack.json'));
  });

  it('reports a lesson listed twice', async function () {
    const result = await loadPack(addPack({ 'pack.json': { ...PACK, tracks: [{ id: 't', title: 'T', lessons: ['t/add', 't/add'] }] } }), nodeFiles);
    assert.equal(result.problems[0].field, 'tracks[0].lessons[1]');
    assert.equal(result.pack?.tracks[0].entries.length, 1);
  });
});

describe('Catalog', function () {
  it('gives a lesson whose id an earlier pack already uses its own learner folder, and leaves the others where they were', async function () {
    const first = addPack();
    const second = addPack({ 'pack.json': { ...PACK, id: 'team' } });
    const third = addPack({ 'pack.json': { ...PACK, id: 'other' } });
    const catalog = await Catalog.load([first, second, third], nodeFiles);
    const [a, b, c] = catalog.lessons;
    assert.deepEqual([a.key, b.key, c.key], [`${PACK.id}:t/add`, 'team:t/add', 'other:t/add']);
    const root = path.join('/work', 'ai-dojo');
    assert.equal(learnerDirFor(root, a), path.join(root, 't', 'add'), 'the first keeps <root>/<id>');
    assert.equal(learnerDirFor(root, b), path.join(root, '@team', 't', 'add'));
    assert.equal(learnerDirFor(root, c), path.join(root, '@other', 't', 'add'));
    const alone = await Catalog.load([second], nodeFiles);
    assert.equal(learnerDirFor(root, alone.lessons[0]), path.join(root, 't', 'add'), 'alone, a pack keeps <root>/<id>');
  });

  it('orders lessons across tracks and finds the next one', async function () {
    const dir = addPack({
      'pack.json': { ...PACK, tracks: [{ id: 't', title: 'T', lessons: ['t/add'] }, { id: 'u', title: 'U', lessons: ['u/add'] }] },
      'u/add/lesson.json': { ...ADD_LESSON, id: 'u/add' },
      'u/add/README.md': '# U',
      'u/add/starter/add.ts': 'export {}',
      'u/add/solution/add.ts': 'export {}',
    });
    const catalog = await Catalog.load([dir], nodeFiles);
    assert.deepEqual(catalog.lessons.map((l) => l.key), ['p:t/add', 'p:u/add']);
    assert.equal(catalog.next('p:t/add')?.key, 'p:u/add');
    assert.equal(catalog.next('p:u/add'), undefined);
    assert.equal(catalog.find('u/add')?.key, 'p:u/add');
  });
});

describe('published JSON Schemas', function () {
  it('describe the lesson manifest, including every check kind', function () {
    const { lesson, pack } = jsonSchemas() as Record<string, { properties: Record<string, { description?: string; items?: { properties: { type: { enum: string[] } } } }>; required: string[] }>;
    assert.ok(lesson.required.includes('files') && !lesson.required.includes('checks'), 'checks may be left out (prompt lessons with static checks only)');
    assert.match(lesson.properties.files.description ?? '', /starter/);
    assert.match(lesson.properties.id.description ?? '', /folder path/);
    const kinds = lesson.properties.checks.items?.properties.type.enum ?? [];
    assert.ok(kinds.includes('json-schema') && kinds.includes('not-contains'));
    assert.ok(pack.required.includes('tracks'));
  });
});
