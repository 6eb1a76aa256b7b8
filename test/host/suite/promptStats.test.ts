// Prompt statistics inside a real extension host (issue 14 point 4), against the scripted
// OpenAI-compatible server on 127.0.0.1: repeats give each case its pass rate with a 95 % Wilson
// interval and pass^k, adaptive repeats stop early and say how many calls they saved, and a
// spend cap stops a priced run cleanly, keeping every answer it paid for.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startScriptedServer, type ScriptedServer } from '../../../src/core/model/scriptedServer';
import type { RunResult } from '../../../src/core/runner/result';
import type { AiDojoApi } from '../../../src/host/extension';
import { write } from './writeFile';

const REPEATED = 'stats:p/repeat';
const CAPPED = 'stats:p/capped';
const SETTINGS = ['lessonPacks', 'model.provider', 'model.baseUrl', 'model.chatModel', 'model.concurrency', 'model.prices', 'model.spendCapUsd'];

describe('prompt statistics: repeats, adaptive stops and the spend cap', function () {
  this.timeout(60_000);
  let api: AiDojoApi;
  let server: ScriptedServer;
  let pack: string;
  const config = () => vscode.workspace.getConfiguration('aiDojo');
  const set = (k: string, v: unknown) => config().update(k, v, vscode.ConfigurationTarget.Global);
  const run = (key: string) => vscode.commands.executeCommand<RunResult>('aiDojo.runChecks', key, { fresh: true });

  function lesson(id: string, cases: object[]): void {
    write(pack, `${id}/lesson.json`, { id, title: id, kind: 'prompt', summary: 'Summarise.', minutes: 5, files: ['s.prompty'], hints: ['a', 'b'], cases, checks: [{ name: 'starts with Summary:', type: 'starts-with', value: 'Summary:' }] });
    write(pack, `${id}/README.md`, `# ${id}`);
    for (const d of ['starter', 'solution']) write(pack, `${id}/${d}/s.prompty`, 'user:\nSummarise: {{ticket}}\n');
  }

  before(async function () {
    api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
    server = await startScriptedServer({ reply: { text: 'Summary: done.' } });
    pack = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-stats-pack-'));
    write(pack, 'pack.json', { id: 'stats', name: 'Stats pack', version: '1.0.0', tracks: [{ id: 'p', title: 'Prompts', lessons: ['p/repeat', 'p/capped'] }] });
    lesson('p/repeat', [{ name: 'steady', vars: { ticket: 'The printer is broken.' }, repeat: 10, minPassRate: 0.5 }]);
    lesson('p/capped', ['a', 'b', 'c', 'd'].map((n) => ({ name: `ticket ${n}`, vars: { ticket: `Ticket ${n}.` } })));
    await set('lessonPacks', [pack]);
    await vscode.commands.executeCommand('aiDojo.configureModel', { provider: 'custom', baseUrl: server.baseUrl, chatModel: 'scripted-chat' });
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
  });

  after(async function () {
    const learners = [REPEATED, CAPPED].map((k) => api.learnerDir(k));
    for (const k of SETTINGS) await set(k, undefined);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server.close();
    rmSync(pack, { recursive: true, force: true });
    for (const d of learners) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('a repeated case that passes every time stops early with its interval above minPassRate, and the panel shows it', async function () {
    await vscode.commands.executeCommand('aiDojo.openLesson', REPEATED);
    const before = server.requests.length;
    const r = await run(REPEATED);
    assert.equal(r.outcome, 'passed', JSON.stringify(r.cases?.[0]));
    const c = r.cases![0];
    assert.equal(c.stoppedEarly, 'pass');
    assert.ok(c.runs.length >= 3 && c.runs.length < 10, `${c.runs.length} runs`);
    assert.equal(c.callsSaved, 10 - c.runs.length);
    assert.equal(server.requests.length - before, c.runs.length, 'the saved calls were never sent');
    assert.equal(c.stats?.passes, c.runs.length);
    assert.ok(c.stats!.ci95.low > 0.5 && c.stats!.ci95.high === 1, JSON.stringify(c.stats));
    assert.equal(c.stats?.passHatK, 1);
    const shown = (await api.inspectPanel())?.lastRun?.cases?.[0];
    assert.equal(shown?.callsSaved, c.callsSaved);
  });

  it('a case that fails every time stops early below minPassRate', async function () {
    server.setReply({ text: 'No summary here.' });
    try {
      const r = await run(REPEATED);
      assert.equal(r.outcome, 'failed');
      const c = r.cases![0];
      assert.equal(c.stoppedEarly, 'fail');
      assert.ok(c.stats!.ci95.high < 0.5, JSON.stringify(c.stats));
      assert.ok((c.callsSaved ?? 0) > 0);
    } finally {
      server.setReply({ text: 'Summary: done.' });
    }
  });

  it('on a priced model the spend cap stops the run cleanly: answers paid for are kept, the rest say why', async function () {
    // $100 per million tokens, 2,000 tokens an answer: $0.20 a call. One call at a time, so the order is fixed:
    // the first call is estimated with 256 answer tokens, later ones with the mean seen (1,000).
    await set('model.prices', { 'scripted-chat': { input: 100, output: 100 } });
    await set('model.concurrency', 1);
    await set('model.spendCapUsd', 0.45);
    server.setReply({ text: 'Summary: done.', usage: { promptTokens: 1000, completionTokens: 1000, totalTokens: 2000 } });
    try {
      await vscode.commands.executeCommand('aiDojo.openLesson', CAPPED);
      const before = server.requests.length;
      const r = await run(CAPPED);
      const made = r.cases!.filter((c) => c.runs.some((x) => !x.error));
      const capped = r.cases!.filter((c) => c.runs.some((x) => x.error?.kind === 'spend-cap'));
      assert.equal(made.length, 2, JSON.stringify(r.cases!.map((c) => c.runs.map((x) => x.error?.kind ?? 'ok'))));
      assert.equal(capped.length, 2);
      assert.equal(server.requests.length - before, 2, 'no call past the cap was sent');
      for (const c of made) assert.equal(c.runs[0].text, 'Summary: done.');
      for (const c of capped) assert.match(c.runs[0].error!.message, /spend cap reached/);
      assert.equal(r.spend?.capReached, true);
      assert.ok(Math.abs((r.spend?.spentUsd ?? 0) - 0.4) < 1e-9, `spent ${r.spend?.spentUsd}`);
      assert.ok((r.spend?.estimate.usd ?? 0) > 0, 'an estimate before the run');
      assert.equal(r.spend?.capUsd, 0.45);
    } finally {
      server.setReply({ text: 'Summary: done.' });
    }
  });
});
