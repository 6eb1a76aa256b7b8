// Feedback that teaches, in a real extension host: a run that makes a known mistake names it with
// its explanation in the lesson panel, and each run is compared with the one before it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AiDojoApi } from '../../../src/host/extension';

const LESSON = 'ai-dojo:context/truncation';
const DIR = 'lessons/context/truncation';
const MISTAKE = 'splits-tool-pairs';

type Result = { outcome: string; passed: number; total: number };

describe('known mistakes and runs compared in the lesson panel', function () {
  this.timeout(120_000);
  let api: AiDojoApi;
  let ext: string;

  /** Puts `text` into the learner's file through the editor (Run Checks saves it), as a learner types. */
  async function type(file: string, text: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(path.join(api.learnerDir(LESSON) ?? '', file));
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text));
  }
  const source = (...p: string[]) => readFileSync(path.join(ext, DIR, ...p), 'utf8');
  const run = () => vscode.commands.executeCommand<Result>('aiDojo.runChecks', LESSON);

  before(async function () {
    const extension = vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!;
    api = await extension.activate();
    await api.ready;
    ext = extension.extensionPath;
    await vscode.commands.executeCommand('aiDojo.openLesson', LESSON);
  });
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('the starter’s run starts the history, with nothing to compare yet', async function () {
    const r = await run();
    assert.equal(r.outcome, 'failed');
    const s = await api.inspectPanel();
    assert.ok(s, 'the panel is open');
    assert.equal(s.history.length, 1);
    assert.deepEqual({ ...s.history[0], at: '' }, { at: '', outcome: 'failed', passed: r.passed, total: r.total });
    assert.equal(s.changes, undefined);
  });

  it('the files of a known wrong solution are named as that mistake, with its explanation', async function () {
    await type('tokens.ts', source('solution', 'tokens.ts'));
    await type('trim.ts', source('wrong', MISTAKE, 'trim.ts'));
    const r = await run();
    assert.equal(r.outcome, 'failed');
    const s = await api.inspectPanel();
    const why = (JSON.parse(source('lesson.json')) as { wrong: Record<string, { why: string }> }).wrong[MISTAKE].why;
    assert.deepEqual(s?.mistake, { exact: true, similarity: 1, tied: 1, mistakes: [{ name: MISTAKE, why }] });
    assert.equal(s?.history.length, 2);
    assert.ok(s?.changes && s.changes.newlyPassing.length > 0, 'checks the starter failed now pass');
    assert.equal(s?.changes?.since, s?.history[0].at);
  });

  it('the reference passes: no mistake, every check of the mistake is newly passing', async function () {
    await type('trim.ts', source('solution', 'trim.ts'));
    const r = await run();
    assert.equal(r.outcome, 'passed');
    const s = await api.inspectPanel();
    assert.equal(s?.mistake, undefined);
    const fails = (JSON.parse(source('lesson.json')) as { wrong: Record<string, { fails: string[] }> }).wrong[MISTAKE].fails;
    assert.deepEqual([...(s?.changes?.newlyPassing ?? [])].sort(), [...fails].sort());
    assert.deepEqual(s?.changes?.newlyFailing, []);
    assert.deepEqual(s?.history.map((h) => h.outcome), ['failed', 'failed', 'passed']);
  });
});
