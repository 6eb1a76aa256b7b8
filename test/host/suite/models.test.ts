// The learner's model, inside a real extension host: configure it, keep the key in
// SecretStorage, test the connection, and run a prompt lesson against a scripted
// OpenAI-compatible server on 127.0.0.1 (real HTTP, real openai SDK).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startScriptedServer, type ScriptedServer } from '../../../src/core/model/scriptedServer';
import type { RunResult } from '../../../src/core/runner/result';
import type { ConnectionTest } from '../../../src/host/model/modelService';
import type { AiDojoApi } from '../../../src/host/extension';
import { write } from './writeFile';

const KEY = 'sk-host-test-0123456789';
const LESSON = 'models:p/summ';

describe('the configured model', function () {
  let api: AiDojoApi;
  let server: ScriptedServer;
  let pack: string;
  const config = () => vscode.workspace.getConfiguration('aiDojo');

  before(async function () {
    api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
    server = await startScriptedServer();
    pack = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-model-pack-'));
    write(pack, 'pack.json', { id: 'models', name: 'Model pack', version: '1.0.0', tracks: [{ id: 'p', title: 'Prompts', lessons: ['p/summ'] }] });
    write(pack, 'p/summ/lesson.json', {
      id: 'p/summ',
      title: 'Summarise',
      kind: 'prompt',
      summary: 'Summarise a ticket.',
      minutes: 5,
      files: ['s.prompty'],
      hints: ['Fence the ticket.', 'Use <ticket> tags.'],
      staticChecks: [{ name: 'fenced', type: 'contains', value: '<ticket>' }],
      cases: [{ name: 'printer', vars: { ticket: 'The printer is broken.' } }],
      checks: [{ name: 'starts with Summary:', type: 'starts-with', value: 'Summary:' }],
    });
    write(pack, 'p/summ/README.md', '# Summarise');
    write(pack, 'p/summ/starter/s.prompty', 'user:\n<ticket>\n{{ticket}}\n</ticket>\n');
    write(pack, 'p/summ/solution/s.prompty', 'user:\n<ticket>\n{{ticket}}\n</ticket>\n');
    await config().update('lessonPacks', [pack], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
  });

  after(async function () {
    for (const k of ['lessonPacks', 'model.provider', 'model.baseUrl', 'model.chatModel', 'model.embeddingModel']) await config().update(k, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
    await server.close();
    rmSync(pack, { recursive: true, force: true });
  });

  it('without a model, a prompt lesson says so and still runs its static checks', async function () {
    const r = await vscode.commands.executeCommand<RunResult>('aiDojo.runChecks', LESSON);
    assert.equal(r.outcome, 'error');
    assert.equal(r.modelError?.kind, 'not-configured');
    assert.equal(r.checks[0].status, 'passed');
  });

  it('configures an endpoint and keeps the API key in SecretStorage, not in settings', async function () {
    await vscode.commands.executeCommand('aiDojo.configureModel', { provider: 'custom', baseUrl: server.baseUrl, chatModel: 'scripted-chat' });
    assert.equal(await vscode.commands.executeCommand('aiDojo.setApiKey', KEY), true);
    assert.equal(config().get('model.baseUrl'), server.baseUrl);
    assert.doesNotMatch(JSON.stringify(config()), new RegExp(KEY));
    const test = await vscode.commands.executeCommand<ConnectionTest>('aiDojo.testModelConnection');
    assert.ok(test.ok, !test.ok ? test.error.message : '');
    assert.equal(test.result.model, 'scripted-chat');
    assert.equal(server.requests.at(-1)?.headers.authorization, `Bearer ${KEY}`);
  });

  it('runs a prompt lesson against the model and shows each case with output, checks and tokens', async function () {
    server.setReply({ text: 'Summary: the printer is broken.' });
    await vscode.commands.executeCommand('aiDojo.openLesson', LESSON);
    const r = await vscode.commands.executeCommand<RunResult>('aiDojo.runChecks', LESSON, { fresh: true });
    assert.equal(r.outcome, 'passed', JSON.stringify(r));
    const run = r.cases?.[0].runs[0];
    assert.equal(run?.text, 'Summary: the printer is broken.');
    assert.equal(run?.checks[0].status, 'passed');
    assert.ok((run?.usage?.totalTokens ?? 0) > 0);
    assert.equal(api.progress(LESSON).status, 'passed');
  });

  it('a rejected key ends in a message that says to set the key, and nothing is lost', async function () {
    server.setReply({ status: 401, error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    const r = await vscode.commands.executeCommand<RunResult>('aiDojo.runChecks', LESSON, { fresh: true });
    assert.equal(r.outcome, 'error');
    assert.equal(r.modelError?.kind, 'auth');
    assert.match(r.modelError?.action ?? '', /Set API Key/);
    const test = await vscode.commands.executeCommand<ConnectionTest>('aiDojo.testModelConnection');
    assert.equal(test.ok, false);
    assert.equal(api.progress(LESSON).status, 'passed', 'a failed run does not take a pass away');
  });

  it('a server that is not running is named in the error', async function () {
    const closed = await startScriptedServer();
    const url = closed.baseUrl;
    await closed.close();
    await vscode.commands.executeCommand('aiDojo.configureModel', { provider: 'custom', baseUrl: url, chatModel: 'scripted-chat' });
    const test = await vscode.commands.executeCommand<ConnectionTest>('aiDojo.testModelConnection');
    assert.equal(test.ok, false);
    if (!test.ok) {
      assert.equal(test.error.kind, 'network');
      assert.match(test.error.message, new RegExp(new URL(url).host.replace('.', '\\.')));
    }
  });

  it('clears the model cache', async function () {
    const n = await vscode.commands.executeCommand<number>('aiDojo.clearModelCache');
    assert.equal(typeof n, 'number');
  });
});
