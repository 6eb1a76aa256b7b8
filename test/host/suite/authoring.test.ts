// Author tools inside the editor: New Lesson… scaffolds a lesson into a workspace pack that then
// loads, and Validate Pack… verifies it and puts what fails in the Problems panel.
import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PackReport } from '../../../src/core/verify/types';
import type { AiDojoApi } from '../../../src/host/extension';

describe('authoring: New Lesson and Validate Pack', function () {
  this.timeout(120_000);
  let api: AiDojoApi;
  const pack = () => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.ai-dojo');

  before(async function () {
    api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
    rmSync(pack(), { recursive: true, force: true });
  });
  after(async function () {
    rmSync(pack(), { recursive: true, force: true });
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
  });

  it('scaffolds a code and a prompt lesson into a new workspace pack, which loads', async function () {
    const dir = await vscode.commands.executeCommand<string>('aiDojo.newLesson', { packDir: pack(), id: 'team/first', title: 'Our first lesson', kind: 'code' });
    assert.equal(dir, path.join(pack(), 'team', 'first'));
    await vscode.commands.executeCommand('aiDojo.newLesson', { packDir: pack(), id: 'team/prompted', title: 'Our prompt', kind: 'prompt' });
    const keys = api.lessonKeys();
    assert.ok(keys.includes('team:team/first') && keys.includes('team:team/prompted'), keys.join(', '));
  });

  it('validates the pack: the scaffolded lessons verify', async function () {
    const report = await vscode.commands.executeCommand<PackReport>('aiDojo.validatePack', { packDir: pack() });
    assert.ok(report, 'a report');
    assert.equal(report.ok, true, JSON.stringify(report.lessons.map((l) => [l.id, l.problems])));
    assert.deepEqual(report.lessons.map((l) => l.id), ['team/first', 'team/prompted']);
  });

  it('puts a lesson whose reference fails in the Problems panel, on its lesson.json', async function () {
    writeFileSync(path.join(pack(), 'team', 'first', 'solution', 'solution.ts'), 'export function truncateWords(text: string) { return text; }\n');
    const report = await vscode.commands.executeCommand<PackReport>('aiDojo.validatePack', { packDir: pack() });
    assert.equal(report?.ok, false);
    const uri = vscode.Uri.file(path.join(pack(), 'team', 'first', 'lesson.json'));
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'AI Dojo');
    assert.ok(diagnostics.some((d) => /reference solution does not pass/.test(d.message)), diagnostics.map((d) => d.message).join('\n'));
  });
});

describe('the Model view', function () {
  it('is empty (so VS Code shows its welcome with Configure Model) with no model, and lists the model when there is one', async function () {
    const api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    const config = vscode.workspace.getConfiguration('aiDojo');
    for (const k of ['model.provider', 'model.baseUrl', 'model.chatModel', 'model.embeddingModel']) await config.update(k, undefined, vscode.ConfigurationTarget.Global);
    assert.deepEqual(await api.inspectModelView(), []);
    const welcome = (vscode.extensions.getExtension('ai-dojo.ai-dojo')!.packageJSON.contributes.viewsWelcome as { view: string; contents: string }[]).find((w) => w.view === 'aiDojo.model');
    assert.match(welcome?.contents ?? '', /\(command:aiDojo\.configureModel\)/);
    try {
      await vscode.commands.executeCommand('aiDojo.configureModel', { provider: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', chatModel: 'llama3.2' });
      const rows = await api.inspectModelView();
      assert.deepEqual(rows.slice(0, 3), [
        { label: 'llama3.2', description: 'Ollama' },
        { label: 'http://127.0.0.1:11434/v1', description: 'endpoint' },
        { label: 'Embeddings: offline model', description: 'shipped with AI Dojo' },
      ]);
      assert.ok(rows.some((r) => r.label === 'Test Connection'));
    } finally {
      for (const k of ['model.provider', 'model.baseUrl', 'model.chatModel', 'model.embeddingModel']) await config.update(k, undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
