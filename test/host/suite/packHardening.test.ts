// Hostile packs in the real editor: a starter linking outside the pack, a pack that reuses the
// built-in pack's id, and a lesson.json nested 10,000 deep. Each is reported; the rest load.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AiDojoApi } from '../../../src/host/extension';
import { addLessonPack, until, write } from './writeFile';

const BUILT_IN = 'ai-dojo:rag/chunker';

describe('hostile lesson packs', function () {
  this.timeout(90_000);
  let api: AiDojoApi;
  let root: string;
  const registrations: vscode.Disposable[] = [];

  before(async function () {
    api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
    root = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-hostile-'));
  });

  after(async function () {
    registrations.forEach((r) => r.dispose());
    rmSync(root, { recursive: true, force: true });
  });

  /** A one-lesson pack in `<root>/<name>`, registered through the API. */
  function pack(name: string, id: string): string {
    const dir = path.join(root, name);
    addLessonPack(dir, { id, name: `Hostile ${name}`, version: '1.0.0', title: 'Add' });
    return dir;
  }

  it('refuses a starter that links outside the pack and keeps the lesson out of the tree', async function () {
    const secret = path.join(root, 'secret.txt');
    writeFileSync(secret, 'outside the pack');
    const dir = pack('linked', 'linked');
    const starter = path.join(dir, 't', 'add', 'starter', 'add.ts');
    rmSync(starter);
    symlinkSync(secret, starter);
    registrations.push(api.registerPack(dir));
    const problem = await until('the link reported', () => api.problems().find((p) => p.file === path.join(dir, 't', 'add', 'lesson.json')));
    assert.equal(problem.field, 'files[0]');
    assert.match(problem.message, /starter\/add\.ts is a symlink that leads outside the pack/);
    assert.ok(!api.lessonKeys().includes('linked:t/add'), 'the lesson cannot be opened');
    assert.ok(api.lessonKeys().includes(BUILT_IN), 'the built-in lessons still load');
  });

  it('reports a pack that reuses the built-in pack id and keeps the built-in one', async function () {
    const dir = pack('impostor', 'ai-dojo');
    registrations.push(api.registerPack(dir));
    const problem = await until('the duplicate id reported', () => api.problems().find((p) => p.file === path.join(dir, 'pack.json')));
    assert.equal(problem.field, 'id');
    assert.match(problem.message, /"ai-dojo" is already the id of the pack in/);
    assert.ok(api.lessonKeys().includes(BUILT_IN));
    assert.ok(!api.lessonKeys().includes('ai-dojo:t/add'), 'the impostor lesson is not loaded');
  });

  it('reports a lesson.json nested 10,000 arrays deep and loads everything else', async function () {
    const dir = pack('deep', 'deep');
    write(dir, 't/add/lesson.json', '['.repeat(10_000) + ']'.repeat(10_000));
    registrations.push(api.registerPack(dir));
    const problem = await until('the deep lesson reported', () => api.problems().find((p) => p.file === path.join(dir, 't', 'add', 'lesson.json')));
    assert.match(problem.message, /nest more than 256 levels/);
    assert.ok(api.lessonKeys().includes(BUILT_IN));
  });
});
