// Runs in a workspace that is not trusted (Workspace Trust on, restricted mode): lessons are
// listed and can be opened, but no lesson code runs.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startScriptedServer } from '../../../src/core/model/scriptedServer';
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

  it('asks no model for a hint, even with one configured', async function () {
    const server = await startScriptedServer();
    const config = vscode.workspace.getConfiguration('aiDojo');
    try {
      await config.update('model.baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
      await config.update('model.chatModel', 'scripted-chat', vscode.ConfigurationTarget.Global);
      const v = await vscode.commands.executeCommand<{ status: string; message?: string }>('aiDojo.askModelHint', LESSON);
      assert.equal(v.status, 'error');
      assert.match(v.message ?? '', /not trusted/);
      assert.equal(server.requests.length, 0);
      assert.equal(api.progress(LESSON).modelHints ?? 0, 0);
    } finally {
      for (const k of ['model.baseUrl', 'model.chatModel']) await config.update(k, undefined, vscode.ConfigurationTarget.Global);
      await server.close();
    }
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
