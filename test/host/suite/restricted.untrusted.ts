// Runs in a workspace that is not trusted (Workspace Trust on, restricted mode): lessons are
// listed and can be opened, but no lesson code runs.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AiDojoApi } from '../../../src/host/extension';
import { addLessonPack, until } from './writeFile';

const LESSON = 'ai-dojo:rag/chunker';

describe('AI Dojo in an untrusted workspace', function () {
  let api: AiDojoApi;

  before(async function () {
    api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
  });

  it('runs in restricted mode', function () {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('lists the lessons and opens one', async function () {
    assert.ok(api.lessonKeys().includes(LESSON));
    assert.equal(await vscode.commands.executeCommand('aiDojo.openLesson', LESSON), LESSON);
  });

  it('does not run the checks', async function () {
    const result = await vscode.commands.executeCommand('aiDojo.runChecks', LESSON);
    assert.equal(result, undefined);
    assert.equal(api.lastRun(LESSON), undefined);
    assert.equal(api.progress(LESSON).attempts, 0);
  });
});

describe('a workspace pack in an untrusted workspace', function () {
  this.timeout(60_000);
  it('is listed, but its checks do not run', async function () {
    const api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    const root = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.ai-dojo');
    addLessonPack(root, { id: 'ws', name: 'Workspace pack', version: '1.0.0', title: 'Add' });
    await until('the workspace pack is listed', () => api.lessonKeys().includes('ws:t/add'));
    assert.equal(await vscode.commands.executeCommand('aiDojo.runChecks', 'ws:t/add'), undefined);
    assert.equal(api.lastRun('ws:t/add'), undefined);
  });
});
