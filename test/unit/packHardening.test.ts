import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles, type FilePort } from '../../src/core/lessons/files';
import { resolveFixtures } from '../../src/core/lessons/fixtures';
import { renderInstructions } from '../../src/core/lessons/instructions';
import { loadPack } from '../../src/core/lessons/loader';
import { isBroken, type Lesson, type Problem } from '../../src/core/lessons/model';
import { JSON_MAX_DEPTH, tooDeepAt } from '../../src/core/lessons/packFiles';
import { renderMarkdown } from '../../src/core/markdown';
import { ADD_LESSON, PACK, addPack, tempDir } from './helpers/tempPack';

const SECRET = 'the secret outside the pack';

/** A folder outside every pack with a secret file (what a hostile pack tries to reach). */
function outside(): { dir: string; secret: string } {
  const dir = tempDir('ai-dojo-outside-');
  fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(dir, 'secret.json'), JSON.stringify({ secret: SECRET }));
  fs.writeFileSync(path.join(dir, 'pixel.png'), 'not really a png');
  return { dir, secret: path.join(dir, 'secret.txt') };
}

function link(target: string, ...at: string[]): void {
  const p = path.join(...at);
  fs.rmSync(p, { force: true });
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.symlinkSync(target, p);
}

const lessonFile = (dir: string) => path.join(dir, 't', 'add', 'lesson.json');
const withFixture = (ref: string) => ({ ...ADD_LESSON, checks: [{ name: 'reads a fixture', args: [{ $fixture: ref }, 0], type: 'equals', value: 0 }] });

/** Loads a one-lesson pack and returns the lesson's problems (asserting it is broken). */
async function brokenProblems(dir: string): Promise<Problem[]> {
  const result = await loadPack(dir, nodeFiles);
  assert.ok(result.pack, 'the pack itself loads');
  const entry = result.pack.tracks[0].entries[0];
  assert.ok(isBroken(entry), 'the lesson is reported as broken');
  return entry.problems;
}

async function loadedLesson(dir: string): Promise<Lesson> {
  const result = await loadPack(dir, nodeFiles);
  assert.deepEqual(result.problems, []);
  const entry = result.pack?.tracks[0].entries[0];
  assert.ok(entry && !isBroken(entry));
  return entry;
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('pack loader hardening: paths stay inside the pack', function () {
  it('refuses a starter file that is a symlink leading outside the pack', async function () {
    const out = outside();
    const dir = addPack();
    link(out.secret, dir, 't', 'add', 'starter', 'add.ts');
    const problems = await brokenProblems(dir);
    assert.equal(problems[0].field, 'files[0]');
    assert.equal(problems[0].file, lessonFile(dir));
    assert.match(problems[0].message, /starter\/add\.ts is a symlink that leads outside the pack/);
  });

  it('refuses a README that is a symlink leading outside the pack', async function () {
    const out = outside();
    const dir = addPack();
    link(out.secret, dir, 't', 'add', 'README.md');
    const problems = await brokenProblems(dir);
    assert.equal(problems[0].field, 'instructions');
    assert.match(problems[0].message, /README\.md is a symlink that leads outside the pack/);
  });

  it('refuses a lesson.json that is a symlink leading outside the pack', async function () {
    const out = outside();
    fs.writeFileSync(path.join(out.dir, 'lesson.json'), JSON.stringify(ADD_LESSON));
    const dir = addPack();
    link(path.join(out.dir, 'lesson.json'), dir, 't', 'add', 'lesson.json');
    const problems = await brokenProblems(dir);
    assert.equal(problems[0].file, lessonFile(dir));
    assert.match(problems[0].message, /symlink that leads outside the pack/);
  });

  it('accepts a symlink that stays inside the pack', async function () {
    const dir = addPack({ 'shared/add.ts': 'export function add(a: number, b: number) { return 0; }\n' });
    link(path.join(dir, 'shared', 'add.ts'), dir, 't', 'add', 'starter', 'add.ts');
    await loadedLesson(dir);
  });

  it('refuses a $fixture with .. that leads outside the pack, at load and at run time', async function () {
    const out = outside();
    // From <tmp>/<pack>/t/add, three levels up is <tmp>: this names the real secret file.
    const ref = `../../../${path.basename(out.dir)}/secret.txt`;
    const dir = addPack({ 't/add/lesson.json': withFixture(ref) });
    assert.equal(fs.readFileSync(path.resolve(dir, 't', 'add', ref), 'utf8'), SECRET, 'the path does reach the secret');
    const problems = await brokenProblems(dir);
    assert.equal(problems[0].field, 'checks[0].args');
    assert.match(problems[0].message, /leads outside the pack/);
    // The runner re-checks: a lesson object built elsewhere still cannot read outside.
    await assert.rejects(resolveFixtures([{ $fixture: ref }], path.join(dir, 't', 'add'), nodeFiles, dir), /leads outside the pack/);
  });

  it('refuses a $fixture that is a symlink leading outside the pack, at load and at run time', async function () {
    const out = outside();
    const dir = addPack({ 't/add/lesson.json': withFixture('fixtures/data.json') });
    link(path.join(out.dir, 'secret.json'), dir, 't', 'add', 'fixtures', 'data.json');
    const problems = await brokenProblems(dir);
    assert.equal(problems[0].field, 'checks[0].args');
    assert.match(problems[0].message, /fixtures\/data\.json is a symlink that leads outside the pack/);
    const lessonDir = path.join(dir, 't', 'add');
    await assert.rejects(resolveFixtures([{ $fixture: 'fixtures/data.json' }], lessonDir, nodeFiles, dir), /symlink that leads outside/);
    // Without the pack folder the lesson folder is the bound: still refused.
    await assert.rejects(resolveFixtures([{ $fixture: 'fixtures/data.json' }], lessonDir, nodeFiles), /symlink that leads outside/);
  });

  it('reads a $fixture shared elsewhere in the same pack', async function () {
    const dir = addPack({ 't/add/lesson.json': withFixture('../shared/data.json'), 't/shared/data.json': '{"n": 3}' });
    const lesson = await loadedLesson(dir);
    assert.equal(lesson.packDir, dir);
    const [resolved] = (await resolveFixtures(lesson.checks, lesson.dir, nodeFiles, lesson.packDir)) as { args: unknown[] }[];
    assert.deepEqual(resolved.args[0], { n: 3 });
  });

  it('refuses a README image outside the pack (by .. or by symlink) and accepts one inside', async function () {
    const out = outside();
    const dir = addPack({ 't/add/README.md': '# Add\n\n![inside](img/ok.png)\n\n![up](../../../pixel.png)\n\n![linked](img/linked.png)\n', 't/add/img/ok.png': 'png' });
    link(path.join(out.dir, 'pixel.png'), dir, 't', 'add', 'img', 'linked.png');
    const problems = await brokenProblems(dir);
    assert.deepEqual(problems.map((p) => p.field), ['instructions', 'instructions']);
    assert.match(problems[0].message, /image \.\.\/\.\.\/\.\.\/pixel\.png leads outside the pack/);
    assert.match(problems[1].message, /image img\/linked\.png is a symlink that leads outside the pack/);
  });
});

describe('pack loader hardening: one bad pack never empties the tree', function () {
  it('finds JSON nesting deeper than the limit in a linear scan, ignoring brackets in strings', function () {
    assert.equal(tooDeepAt(nested(JSON_MAX_DEPTH)), -1);
    assert.equal(tooDeepAt(nested(JSON_MAX_DEPTH + 1)), JSON_MAX_DEPTH);
    assert.equal(tooDeepAt(JSON.stringify({ s: '['.repeat(10_000) + '\\"[' })), -1);
  });

  it('reports a lesson.json nested 10,000 arrays deep and loads the other lesson and the other pack', async function () {
    const bad = addPack({
      'pack.json': { ...PACK, tracks: [{ id: 't', title: 'T', lessons: ['t/deep', 't/add'] }] },
      't/deep/lesson.json': nested(10_000),
    });
    const good = addPack({ 'pack.json': { ...PACK, id: 'good' } });
    const catalog = await Catalog.load([bad, good], nodeFiles);
    assert.deepEqual(catalog.lessons.map((l) => l.key), ['p:t/add', 'good:t/add']);
    assert.equal(catalog.problems.length, 1);
    assert.equal(catalog.problems[0].file, path.join(bad, 't', 'deep', 'lesson.json'));
    assert.match(catalog.problems[0].message, /nest more than 256 levels/);
  });

  it('reports a pack.json nested 10,000 objects deep as a failed pack and loads the good one', async function () {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const bad = addPack({ 'pack.json': deep });
    const catalog = await Catalog.load([bad, addPack()], nodeFiles);
    assert.equal(catalog.lessons.length, 1);
    assert.equal(catalog.failedPacks.length, 1);
    assert.equal(catalog.failedPacks[0].dir, bad);
  });

  it('reports a 5 MB lesson.json without parsing it', async function () {
    const huge = JSON.stringify({ ...ADD_LESSON, summary: 'x'.repeat(5 * 1024 * 1024) });
    const problems = await brokenProblems(addPack({ 't/add/lesson.json': huge }));
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /lesson\.json is 5\.0 MB, more than the 1\.0 MB/);
  });

  it('catches any error of a pack (here a stack overflow while reading) and loads the others', async function () {
    const bad = addPack();
    const good = addPack({ 'pack.json': { ...PACK, id: 'good' } });
    const overflowing: FilePort = {
      ...nodeFiles,
      readBytes: async (p) => {
        if (p.startsWith(fs.realpathSync(bad))) throw new RangeError('Maximum call stack size exceeded');
        return nodeFiles.readBytes!(p);
      },
    };
    const catalog = await Catalog.load([bad, good], overflowing);
    assert.deepEqual(catalog.lessons.map((l) => l.key), ['good:t/add']);
    assert.equal(catalog.failedPacks[0].dir, bad);
  });

  it('keeps going when a lesson throws while loading: that lesson is broken, the other loads', async function () {
    const dir = addPack({
      'pack.json': { ...PACK, tracks: [{ id: 't', title: 'T', lessons: ['t/boom', 't/add'] }] },
      't/boom/lesson.json': { ...ADD_LESSON, id: 't/boom' },
      't/boom/README.md': '# Boom',
    });
    const files: FilePort = {
      ...nodeFiles,
      stat: async (p) => {
        if (p.endsWith(path.join('boom', 'README.md'))) throw new RangeError('Maximum call stack size exceeded');
        return nodeFiles.stat!(p);
      },
      // The loader learns a file's size from lstat when it is no symlink.
      lstat: async (p) => {
        if (p.endsWith(path.join('boom', 'README.md'))) throw new RangeError('Maximum call stack size exceeded');
        return nodeFiles.lstat!(p);
      },
    };
    const result = await loadPack(dir, files);
    const [boom, add] = result.pack!.tracks[0].entries;
    assert.ok(isBroken(boom));
    assert.match(boom.problems[0].message, /Could not load the lesson: Maximum call stack size exceeded/);
    assert.ok(!isBroken(add));
  });

  it('reports two packs with the same id and keeps the first', async function () {
    const first = addPack();
    const second = addPack({ 'pack.json': { ...PACK, name: 'Impostor' } });
    const catalog = await Catalog.load([first, second], nodeFiles);
    assert.equal(catalog.packs.length, 1);
    assert.equal(catalog.packs[0].dir, first);
    assert.equal(catalog.failedPacks.length, 1);
    assert.equal(catalog.failedPacks[0].dir, second);
    const problem = catalog.problems[0];
    assert.equal(problem.file, path.join(second, 'pack.json'));
    assert.equal(problem.field, 'id');
    assert.match(problem.message, /"p" is already the id of the pack in/);
  });
});

describe('pack loader hardening: encodings', function () {
  it('accepts a UTF-8 byte order mark in lesson.json and pack.json', async function () {
    const dir = addPack({ 't/add/lesson.json': '\uFEFF' + JSON.stringify(ADD_LESSON), 'pack.json': '\uFEFF' + JSON.stringify(PACK) });
    const lesson = await loadedLesson(dir);
    assert.equal(lesson.title, 'Add');
  });

  it('reports a Latin-1 lesson.json with its path and line instead of reading U+FFFD', async function () {
    const dir = addPack();
    const text = JSON.stringify({ ...ADD_LESSON, title: 'Addition à deux' }, null, 2);
    fs.writeFileSync(lessonFile(dir), Buffer.from(text, 'latin1'));
    const problems = await brokenProblems(dir);
    assert.equal(problems[0].file, lessonFile(dir));
    assert.match(problems[0].message, new RegExp(`${lessonFile(dir).replace(/[\\/.]/g, '\\$&')} is not UTF-8 text \\(line 3\\)`));
    assert.equal(problems[0].line, 2);
  });

  it('reports a Latin-1 README on the instructions field', async function () {
    const dir = addPack();
    fs.writeFileSync(path.join(dir, 't', 'add', 'README.md'), Buffer.from('# Add\n\nCafé\n', 'latin1'));
    const problems = await brokenProblems(dir);
    assert.equal(problems[0].field, 'instructions');
    assert.match(problems[0].message, /README\.md is not UTF-8 text/);
  });
});

describe('lesson instructions in the panel', function () {
  const toUri = (p: string) => `webview://pack${p}`;

  it('shows images from inside the pack by their real path, and no remote or outside image', async function () {
    const out = outside();
    const dir = addPack({ 't/add/README.md': '# Add\n\n![ok](img/ok.png) ![pixel](https://tracker.example/p.gif) ![x](img/linked.png)\n', 't/add/img/ok.png': 'png' });
    link(path.join(out.dir, 'pixel.png'), dir, 't', 'add', 'img', 'linked.png');
    const lesson = { id: 't/add', title: 'Add', instructions: 'README.md', dir: path.join(dir, 't', 'add'), packDir: dir } as Lesson;
    const html = await renderInstructions(lesson, nodeFiles, toUri);
    const srcs = [...html.matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(srcs, [toUri(fs.realpathSync(path.join(dir, 't', 'add', 'img', 'ok.png')))]);
    assert.match(html, /<a [^>]*data-href="https:\/\/tracker\.example\/p\.gif"[^>]*>\[image: pixel\]<\/a>/);
    assert.match(html, /\[x\]/);
    assert.ok(!html.includes('<h1>'), 'the title heading is not repeated');
  });

  it('does not show a README that links outside the pack', async function () {
    const out = outside();
    const dir = addPack();
    link(out.secret, dir, 't', 'add', 'README.md');
    const lesson = { id: 't/add', title: 'Add', instructions: 'README.md', dir: path.join(dir, 't', 'add'), packDir: dir } as Lesson;
    const html = await renderInstructions(lesson, nodeFiles, toUri);
    assert.ok(!html.includes(SECRET));
    assert.match(html, /Could not read README\.md/);
  });

  it('renders a remote image as a link, never an <img>, when no resolver is given (hints)', function () {
    const html = renderMarkdown('![p](https://tracker.example/p.gif) ![d](data:image/png;base64,AAAA)');
    assert.deepEqual([...html.matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => m[1]), ['data:image/png;base64,AAAA']);
  });
});
