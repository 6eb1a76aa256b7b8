// VS Code's Language Model API as the learner's model: a test extension
// (test/host/fixtures/lm-provider) registers "Dojo Echo", which echoes what it is sent. AI Dojo
// must find it, fold the system prompt into the first user message (the API has no system
// role), stream the answer into a prompt lesson's results, and count tokens with the model.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../src/core/runner/result';
import type { AiDojoApi } from '../../../src/host/extension';
import type { ConnectionTest } from '../../../src/host/model/modelService';
import { write } from './writeFile';

const LESSON = 'lm:p/greet';

async function echoModel(): Promise<vscode.LanguageModelChat | undefined> {
  // The provider registers when its extension activates (on startup finished): wait for it.
  for (let i = 0; i < 60; i++) {
    const [m] = await vscode.lm.selectChatModels({ vendor: 'dojo-test' });
    if (m) return m;
    await new Promise((r) => setTimeout(r, 500));
  }
  return undefined;
}

describe('a VS Code language model (vscode.lm) as the model', function () {
  this.timeout(60_000);
  let pack: string;
  const config = () => vscode.workspace.getConfiguration('aiDojo');

  before(async function () {
    const api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
    pack = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-lm-pack-'));
    write(pack, 'pack.json', { id: 'lm', name: 'LM pack', version: '1.0.0', tracks: [{ id: 'p', title: 'Prompts', lessons: ['p/greet'] }] });
    write(pack, 'p/greet/lesson.json', {
      id: 'p/greet',
      title: 'Greet',
      kind: 'prompt',
      summary: 'Greet a customer.',
      minutes: 5,
      files: ['g.prompty'],
      hints: ['One.', 'Two.'],
      cases: [{ name: 'Ada', vars: { name: 'Ada' } }],
      checks: [{ name: 'the system rule reached the model, folded into the user turn', type: 'starts-with', value: 'echo user: Always be brief.' }],
    });
    write(pack, 'p/greet/README.md', '# Greet');
    const prompt = 'system:\nAlways be brief.\n\nuser:\nGreet {{name}}.\n';
    write(pack, 'p/greet/starter/g.prompty', prompt);
    write(pack, 'p/greet/solution/g.prompty', prompt);
    await config().update('lessonPacks', [pack], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
  });

  after(async function () {
    for (const k of ['lessonPacks', 'model.provider', 'model.baseUrl', 'model.chatModel', 'model.embeddingModel']) await config().update(k, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
    rmSync(pack, { recursive: true, force: true });
  });

  it('finds the model, tests the connection and runs a prompt lesson on it', async function () {
    const model = await echoModel();
    assert.ok(model, 'the test extension registers the Dojo Echo model');
    await vscode.commands.executeCommand('aiDojo.configureModel', { provider: 'vscode-lm', chatModel: model.id });

    const test = await vscode.commands.executeCommand<ConnectionTest>('aiDojo.testModelConnection');
    assert.ok(test.ok, !test.ok ? `${test.error.kind}: ${test.error.message}` : '');
    assert.equal(test.result.model, 'dojo-echo');

    await vscode.commands.executeCommand('aiDojo.openLesson', LESSON);
    const r = await vscode.commands.executeCommand<RunResult>('aiDojo.runChecks', LESSON, { fresh: true });
    const run = r.cases?.[0].runs[0];
    assert.equal(run?.text, 'echo user: Always be brief.\n\nGreet Ada.', JSON.stringify(r));
    assert.equal(r.outcome, 'passed');
    // Tokens come from the model's own counter (here: words), as the API reports no usage.
    assert.equal(run?.usage?.completionTokens, 7);
    assert.ok((run?.usage?.promptTokens ?? 0) > 0);
  });

  it('names a model that VS Code does not offer', async function () {
    await vscode.commands.executeCommand('aiDojo.configureModel', { provider: 'vscode-lm', chatModel: 'no-such-model' });
    const test = await vscode.commands.executeCommand<ConnectionTest>('aiDojo.testModelConnection');
    assert.equal(test.ok, false);
    if (!test.ok) {
      assert.equal(test.error.kind, 'not-found');
      assert.match(test.error.message, /no-such-model/);
    }
  });
});
