// Lesson packs from a team: a pack in the workspace (`.ai-dojo/pack.json`, picked up and
// re-read without a reload), a pack another extension registers through AI Dojo's API, and a
// pack that fails to load, shown in the tree with its error while the rest still load.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AiDojoApi } from '../../../src/host/extension';
import type { TreeSnapshot } from '../../../src/host/tree/lessonTree';
import { addLessonPack as lessonPack, until } from './writeFile';

const find = (nodes: TreeSnapshot[], label: string): TreeSnapshot | undefined => nodes.find((n) => n.label === label);

describe('lesson packs from a team', function () {
  this.timeout(90_000);
  let api: AiDojoApi;
  const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const wsPack = () => path.join(workspace(), '.ai-dojo');

  before(async function () {
    api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
  });

  after(function () {
    rmSync(wsPack(), { recursive: true, force: true });
  });

  it('loads a pack from the workspace (.ai-dojo/pack.json) without a reload, and shows its name and version', async function () {
    lessonPack(wsPack(), { id: 'ws', name: 'Workspace pack', version: '1.2.3', title: 'Add, the workspace way' });
    const pack = await until('the workspace pack in the tree', async () => find(await api.inspectTree(), 'Workspace pack'));
    assert.equal(pack.description, 'v1.2.3');
    assert.ok(api.lessonKeys().includes('ws:t/add'));
    assert.ok(api.lessonKeys().includes('ai-dojo:rag/chunker'), 'the built-in course is still there');
  });

  it('picks up an edit to a workspace lesson, saved in the editor, without a reload', async function () {
    const doc = await vscode.workspace.openTextDocument(path.join(wsPack(), 't/add/lesson.json'));
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('Add, the workspace way');
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'Add, the workspace way'.length)), 'Add, renamed');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    await until('the new title in the tree', async () => find(await api.inspectTree(), 'Workspace pack')?.children[0]?.children.find((l) => l.label === 'Add, renamed'));
  });

  it('shows a pack whose pack.json is broken with its error, and keeps every other pack', async function () {
    writeFileSync(path.join(wsPack(), 'pack.json'), '{ "id": "ws", "name": ');
    const failed = await until('the failed pack in the tree', async () => (await api.inspectTree()).find((n) => n.description === 'pack failed to load'));
    assert.equal(failed.icon, 'error');
    assert.match(failed.tooltip ?? '', /Invalid JSON/);
    assert.ok(!api.lessonKeys().includes('ws:t/add'));
    assert.ok(api.lessonKeys().includes('ai-dojo:rag/chunker'));
    assert.ok(api.problems().some((p) => p.file === path.join(wsPack(), 'pack.json')), 'reported in the Problems panel');
  });

  it("loads a pack that another extension ships and registers through AI Dojo's API", async function () {
    // test/host/fixtures/team-pack: an installed extension that depends on AI Dojo.
    const pack = await until('the team extension pack in the tree', async () => find(await api.inspectTree(), 'Acme onboarding'));
    assert.equal(pack.description, 'v2.3.0');
    assert.ok(api.lessonKeys().includes('acme:team/hello'));
  });

  it('adds and removes a pack registered through the API', async function () {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-api-pack-'));
    try {
      lessonPack(dir, { id: 'api', name: 'API pack', version: '0.1.0', title: 'Add through the API' });
      assert.throws(() => api.registerPack('relative/dir'), /absolute path/);
      const registration = api.registerPack(dir);
      await until('the API pack in the tree', () => api.lessonKeys().includes('api:t/add'));
      registration.dispose();
      await until('the API pack gone', () => !api.lessonKeys().includes('api:t/add'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
