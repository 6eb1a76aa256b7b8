// The pack loader's fast paths: folders listed once (readdir), manifests read without a lookup
// of their own, bounded reads, nesting checked on the parsed value. Each must keep what the
// lookups one path at a time guaranteed.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFiles, type EntryKind, type FilePort } from '../../src/core/lessons/files';
import { loadPack } from '../../src/core/lessons/loader';
import { isBroken, type Lesson, type Problem } from '../../src/core/lessons/model';
import { JSON_MAX_DEPTH, isWithin, nestsDeeperThan, tooDeepAt } from '../../src/core/lessons/packFiles';
import { ADD_LESSON, PACK, addPack, tempDir } from './helpers/tempPack';

const SECRET = 'the secret outside the pack';

/** A folder outside every pack holding a lesson folder's worth of files, one of them secret. */
function outsideLesson(): string {
  const dir = tempDir('ai-dojo-outside-');
  fs.mkdirSync(path.join(dir, 'lesson', 'starter'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'lesson', 'lesson.json'), JSON.stringify({ ...ADD_LESSON, summary: SECRET }));
  fs.writeFileSync(path.join(dir, 'lesson', 'README.md'), SECRET);
  fs.writeFileSync(path.join(dir, 'lesson', 'starter', 'add.ts'), SECRET);
  return path.join(dir, 'lesson');
}

/** Replaces `at` (a file or folder of the pack) with a symlink to `target`. */
function replaceWithLink(target: string, at: string): void {
  fs.rmSync(at, { recursive: true, force: true });
  fs.symlinkSync(target, at, fs.statSync(target).isDirectory() ? 'dir' : 'file');
}

async function problemsOf(dir: string, files: FilePort = nodeFiles): Promise<Problem[]> {
  const result = await loadPack(dir, files);
  assert.ok(result.pack, 'the pack itself loads');
  const entry = result.pack.tracks[0].entries[0];
  assert.ok(isBroken(entry), 'the lesson is reported as broken');
  return entry.problems;
}

async function lessonOf(dir: string, files: FilePort = nodeFiles): Promise<Lesson> {
  const result = await loadPack(dir, files);
  assert.deepEqual(result.problems, []);
  const entry = result.pack?.tracks[0].entries[0];
  assert.ok(entry && !isBroken(entry));
  return entry;
}

/** nodeFiles with a counted (and optionally rewritten) folder listing. */
function listingPort(rewrite: (names: Map<string, EntryKind>) => Map<string, EntryKind> = (m) => m): FilePort & { listed: string[] } {
  const listed: string[] = [];
  return {
    ...nodeFiles,
    listed,
    readdir: async (p) => {
      listed.push(p);
      return rewrite(await nodeFiles.readdir!(p));
    },
  };
}

describe('pack loader: folder listings keep paths inside the pack', function () {
  it('refuses a lesson folder that is a symlink to a folder outside the pack, without reading its files', async function () {
    const dir = addPack();
    replaceWithLink(outsideLesson(), path.join(dir, 't', 'add'));
    const result = await loadPack(dir, nodeFiles);
    const entry = result.pack!.tracks[0].entries[0];
    assert.ok(isBroken(entry));
    assert.match(entry.problems[0].message, /lesson\.json is a symlink that leads outside the pack/);
    assert.ok(!JSON.stringify(result).includes(SECRET));
  });

  it('refuses a starter folder inside a lesson that is a symlink to a folder outside the pack', async function () {
    const dir = addPack();
    replaceWithLink(path.join(outsideLesson(), 'starter'), path.join(dir, 't', 'add', 'starter'));
    const problems = await problemsOf(dir);
    assert.equal(problems[0].field, 'files[0]');
    assert.match(problems[0].message, /starter\/add\.ts is a symlink that leads outside the pack/);
  });

  it('refuses a track folder that is a symlink out of the pack, for the manifest and the files under it', async function () {
    const outside = tempDir('ai-dojo-outside-');
    fs.cpSync(outsideLesson(), path.join(outside, 'add'), { recursive: true });
    const dir = addPack();
    replaceWithLink(outside, path.join(dir, 't'));
    const problems = await problemsOf(dir);
    assert.match(problems[0].message, /lesson\.json is a symlink that leads outside the pack/);
  });

  it('accepts lesson and starter folders that are symlinks inside the pack', async function () {
    const dir = addPack({ 'shared/add/starter/add.ts': 'export function add(a: number, b: number) { return 0; }\n' });
    fs.renameSync(path.join(dir, 't', 'add'), path.join(dir, 'real-add'));
    replaceWithLink(path.join(dir, 'real-add'), path.join(dir, 't', 'add'));
    replaceWithLink(path.join(dir, 'shared', 'add', 'starter'), path.join(dir, 'real-add', 'starter'));
    const lesson = await lessonOf(dir);
    assert.equal(lesson.title, 'Add');
  });

  it('lists each folder once: a lesson costs one listing of its own folder', async function () {
    const files = listingPort();
    const dir = addPack();
    await lessonOf(dir, files);
    const real = fs.realpathSync(dir);
    assert.deepEqual([...files.listed].sort(), [dir, path.join(dir, 't'), path.join(dir, 't', 'add')].sort(), `listed: ${files.listed.join(', ')} (real ${real})`);
  });

  it('looks a name up by its path when the listing spells it otherwise (a case-insensitive disk)', async function () {
    // The listing says README.MD, lesson.JSON, STARTER…: a disk that does not care about case finds them all the same.
    const files = listingPort((m) => new Map([...m].map(([name, kind]) => [name.toUpperCase(), kind])));
    const lesson = await lessonOf(addPack(), files);
    assert.equal(lesson.title, 'Add');
  });

  it('looks paths up one by one when a folder cannot be listed', async function () {
    const files: FilePort = { ...nodeFiles, readdir: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) };
    const lesson = await lessonOf(addPack(), files);
    assert.equal(lesson.title, 'Add');
    const out = outsideLesson();
    const dir = addPack();
    replaceWithLink(path.join(out, 'README.md'), path.join(dir, 't', 'add', 'README.md'));
    const problems = await problemsOf(dir, files);
    assert.match(problems[0].message, /README\.md is a symlink that leads outside the pack/);
  });

  it('reports a lesson.json that is a folder, and a lesson folder that is a file', async function () {
    const dir = addPack();
    fs.rmSync(path.join(dir, 't', 'add', 'lesson.json'));
    fs.mkdirSync(path.join(dir, 't', 'add', 'lesson.json'));
    assert.match((await problemsOf(dir))[0].message, /not a regular file/);
    const flat = addPack();
    fs.rmSync(path.join(flat, 't', 'add'), { recursive: true });
    fs.writeFileSync(path.join(flat, 't', 'add'), 'a file');
    assert.match((await problemsOf(flat))[0].message, /not found/);
  });

  it('refuses a FIFO named lesson.json without waiting for a writer', async function () {
    if (process.platform === 'win32') return; // Windows has no FIFOs in the file system.
    const dir = addPack();
    fs.rmSync(path.join(dir, 't', 'add', 'lesson.json'));
    execFileSync('mkfifo', [path.join(dir, 't', 'add', 'lesson.json')]);
    assert.match((await problemsOf(dir))[0].message, /not a regular file/);
    // Read directly (a FIFO swapped in after the listing), it fails (a read at an offset) instead of waiting.
    await assert.rejects(nodeFiles.readBytes!(path.join(dir, 't', 'add', 'lesson.json'), 100), (e: NodeJS.ErrnoException) => e.code === 'ESPIPE');
  });
});

describe('pack loader: bounded reads and nesting', function () {
  it('reads at most maxBytes: a larger file is refused with its size before its content is read', async function () {
    const dir = tempDir();
    const file = path.join(dir, 'big.json');
    fs.writeFileSync(file, 'x'.repeat(5000));
    await assert.rejects(nodeFiles.readBytes!(file, 4999), (e: NodeJS.ErrnoException & { size?: number }) => e.code === 'EFBIG' && e.size === 5000);
    assert.equal((await nodeFiles.readBytes!(file, 5000)).length, 5000);
    assert.equal((await nodeFiles.readBytes!(file)).length, 5000);
  });

  it('reads a file larger than the first read whole, and refuses a device that never ends', async function () {
    const dir = tempDir();
    const file = path.join(dir, 'corpus.txt');
    const content = Buffer.from(Array.from({ length: 200_000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join(''));
    fs.writeFileSync(file, content);
    // Twice: the second read reuses the first one's buffer.
    for (let i = 0; i < 2; i++) assert.ok(Buffer.from(await nodeFiles.readBytes!(file, 1024 * 1024)).equals(content));
    if (process.platform === 'win32') return; // no /dev/zero
    await assert.rejects(nodeFiles.readBytes!('/dev/zero', 100), (e: NodeJS.ErrnoException) => e.code === 'ENOTREG');
  });

  it('finds the nesting limit on the parsed value where the text scan finds it', function () {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    for (const depth of [1, JSON_MAX_DEPTH - 1, JSON_MAX_DEPTH, JSON_MAX_DEPTH + 1, 10_000]) {
      const text = nested(depth);
      assert.equal(nestsDeeperThan(JSON.parse(text)), tooDeepAt(text) >= 0, `depth ${depth}`);
    }
    const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    assert.equal(nestsDeeperThan(JSON.parse(objects(JSON_MAX_DEPTH))), false);
    assert.equal(nestsDeeperThan(JSON.parse(objects(JSON_MAX_DEPTH + 1))), true);
    // A "__proto__" key is a plain property of a parsed object: its value is walked too.
    assert.equal(nestsDeeperThan(JSON.parse(`{"__proto__": ${nested(JSON_MAX_DEPTH)}}`)), true);
    assert.equal(nestsDeeperThan(JSON.parse(`[1, "[[[", {"b": [null, true]}]`), 2), true);
    assert.equal(nestsDeeperThan(JSON.parse(`[1, "[[[", {"b": 2}]`), 2), false);
  });

  it('reports a valid lesson.json nested too deep at the line where it passes the limit', async function () {
    const deep = `{\n"id": "t/add",\n"x": ${'['.repeat(JSON_MAX_DEPTH + 5)}${']'.repeat(JSON_MAX_DEPTH + 5)}}`;
    const problems = await problemsOf(addPack({ 't/add/lesson.json': deep, 'pack.json': PACK }));
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /nest more than 256 levels/);
    assert.deepEqual([problems[0].line, problems[0].column], [2, 5 + JSON_MAX_DEPTH - 1]);
  });
});

describe('isWithin', function () {
  it('takes a folder and its files, not a sibling that shares its name as a prefix, nor a path that climbs out', function () {
    const root = path.resolve('/packs/p');
    assert.equal(isWithin(root, root), true);
    assert.equal(isWithin(root, path.join(root, 't', 'add', 'lesson.json')), true);
    assert.equal(isWithin(root, `${root}-other${path.sep}lesson.json`), false);
    assert.equal(isWithin(root, path.resolve('/packs')), false);
    // Not normalized: decided by path.relative, which resolves the "..".
    assert.equal(isWithin(root, `${root}${path.sep}t${path.sep}..${path.sep}..${path.sep}secret`), false);
    assert.equal(isWithin(path.parse(root).root, root), true);
    // A name that starts with two dots is a name, not a step up.
    assert.equal(isWithin(root, path.join(root, '..data', 'x.json')), true);
    assert.equal(isWithin(root, `${root}${path.sep}..`), false);
  });
});

describe('nodeFiles: calls started together', function () {
  it('settles every call of a batch, calls made from a callback, and a call that throws at once without failing the others', async function () {
    const dir = tempDir();
    const files = Array.from({ length: 50 }, (_, i) => path.join(dir, `f${i}.txt`));
    files.forEach((f, i) => fs.writeFileSync(f, `file ${i}`));
    const read = await Promise.all(files.map(async (f) => Buffer.from(await nodeFiles.readBytes!(f, 100)).toString()));
    assert.deepEqual(read, files.map((_, i) => `file ${i}`));
    // Calls made while a batch completes start in the next one.
    const chained = await nodeFiles.lstat!(files[0]).then(() => nodeFiles.lstat!(files[1]));
    assert.equal(chained.isFile, true);
    const [bad, missing, good] = await Promise.allSettled([nodeFiles.lstat!(path.join(dir, 'nul\0byte')), nodeFiles.lstat!(path.join(dir, 'none')), nodeFiles.lstat!(files[2])]);
    assert.equal(bad.status, 'rejected');
    assert.equal(missing.status === 'rejected' && (missing.reason as NodeJS.ErrnoException).code, 'ENOENT');
    assert.equal(good.status === 'fulfilled' && good.value.isFile, true);
  });

  it('reports a lesson that names a file with a NUL byte and loads the rest of the pack', async function () {
    const dir = addPack({ 't/add/lesson.json': { ...ADD_LESSON, files: ['add\u0000.ts'] } });
    const problems = await problemsOf(dir);
    assert.equal(problems[0].field, 'files[0]');
  });
});
