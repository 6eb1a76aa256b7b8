// A broken lesson manifest in a team pack: reported with its file and field in the Problems
// panel, shown in the tree as broken, while every other lesson still loads.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AiDojoApi } from '../../../src/host/extension';
import { write } from './writeFile';

describe('lesson packs from a setting, with a broken manifest', function () {
  let api: AiDojoApi;
  let root: string;
  const config = () => vscode.workspace.getConfiguration('aiDojo');

  before(async function () {
    api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
    root = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-team-pack-'));
    write(root, 'pack.json', { id: 'team', name: 'Team pack', version: '1.2.0', tracks: [{ id: 'basics', title: 'Basics', lessons: ['basics/good', 'basics/broken'] }] });
    const lesson = { id: 'basics/good', title: 'Good lesson', kind: 'code', summary: 'Works.', minutes: 5, files: ['a.ts'], call: 'f', checks: [{ args: [], type: 'equals', value: 1 }] };
    for (const id of ['basics/good', 'basics/broken']) {
      write(root, `${id}/README.md`, '# Lesson');
      write(root, `${id}/starter/a.ts`, 'export function f() { return 0; }');
      write(root, `${id}/solution/a.ts`, 'export function f() { return 1; }');
    }
    write(root, 'basics/good/lesson.json', lesson);
    write(root, 'basics/broken/lesson.json', { ...lesson, id: 'basics/broken', minutes: 'ten' });
    await config().update('lessonPacks', [root], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
  });

  after(async function () {
    await config().update('lessonPacks', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
    rmSync(root, { recursive: true, force: true });
  });

  it('reports the broken manifest with its path and field in the Problems panel', function () {
    const manifest = path.join(root, 'basics', 'broken', 'lesson.json');
    assert.deepEqual(api.problems().map((p) => [p.file, p.field]), [[manifest, 'minutes']]);
    const diagnostics = vscode.languages.getDiagnostics(vscode.Uri.file(manifest));
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0].message, /^minutes: .*number/);
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostics[0].range.start.line, 5, 'points at the "minutes" line (0-based) of the manifest');
  });

  it('loads every other lesson and shows the broken one in the tree', async function () {
    assert.ok(api.lessonKeys().includes('team:basics/good'));
    assert.ok(api.lessonKeys().includes('ai-dojo:rag/chunker'), 'the built-in lessons still load');
    const tree = await api.inspectTree();
    const team = tree.find((p) => p.label === 'Team pack');
    assert.ok(team, 'the team pack is in the tree');
    assert.equal(team.description, 'v1.2.0');
    const lessons = team.children[0].children;
    assert.deepEqual(lessons.map((l) => [l.label, l.icon]), [['Good lesson', 'circle-large-outline'], ['basics/broken', 'error']]);
    assert.match(lessons[1].tooltip ?? '', /minutes/);
  });

  it('fixing the manifest and refreshing clears the problem', async function () {
    write(root, 'basics/broken/lesson.json', { id: 'basics/broken', title: 'Fixed lesson', kind: 'code', summary: 'Works now.', minutes: 5, files: ['a.ts'], call: 'f', checks: [{ args: [], type: 'equals', value: 1 }] });
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
    assert.deepEqual(api.problems(), []);
    assert.equal(vscode.languages.getDiagnostics(vscode.Uri.file(path.join(root, 'basics', 'broken', 'lesson.json'))).length, 0);
    assert.ok(api.lessonKeys().includes('team:basics/broken'));
  });
});
