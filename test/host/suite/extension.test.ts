// Runs inside a real VS Code extension host (code-server here, desktop VS Code under
// @vscode/test-electron): activation, commands, the tree, opening a lesson, running checks.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AiDojoApi } from '../../../src/host/extension';

const EXTENSION_ID = 'ai-dojo.ai-dojo';
const LESSON = 'ai-dojo:rag/cosine-topk';
const FILE = 'similarity.ts';

let api: AiDojoApi;
let extensionPath: string;

type Tree = Awaited<ReturnType<AiDojoApi['inspectTree']>>;

/** The built-in course in a tree snapshot (below the Continue row). */
function course(tree: Tree) {
  const pack = tree.find((n) => n.id === 'pack:ai-dojo');
  assert.ok(pack, 'the built-in course is in the tree');
  return pack;
}

/** The lessons of the Retrieval track in a tree snapshot. */
function retrieval(tree: Tree) {
  return course(tree).children.find((t) => t.label === 'Retrieval')?.children ?? [];
}

async function closeAll() {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('AI Dojo in the extension host', function () {
  before(async function () {
    const ext = vscode.extensions.getExtension<AiDojoApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
    await api.ready;
    extensionPath = ext.extensionPath;
  });

  after(closeAll);

  it('activates quickly and registers every contributed command', async function () {
    assert.ok(api.activationMs >= 0);
    const pkg = JSON.parse(readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as { contributes: { commands: { command: string; category: string }[] } };
    const all = await vscode.commands.getCommands(true);
    for (const c of pkg.contributes.commands) {
      assert.ok(all.includes(c.command), `${c.command} is registered`);
      assert.equal(c.category, 'AI Dojo');
    }
  });

  it('shows packs > tracks > lessons with status icons and minutes', async function () {
    const tree = await api.inspectTree();
    // A Continue row first, then the built-in course (a test extension adds a team pack after it).
    assert.equal(tree[0].id, 'continue');
    assert.equal(tree[1].label, 'AI Dojo: the built-in course');
    assert.equal(tree[1].description, 'v0.1.0');
    const tracks = course(tree).children.map((t) => t.label);
    assert.deepEqual(tracks, ['Prompts', 'Retrieval', 'Evaluation', 'Orchestration', 'Guardrails', 'Context windows', 'Observability', 'Agents', 'Frameworks and tools']);
    const lesson = retrieval(tree).find((l) => l.id === LESSON);
    assert.ok(lesson, 'the cosine lesson is in the Retrieval track');
    assert.equal(lesson.label, 'Cosine similarity and top-k');
    assert.match(lesson.description ?? '', /^\d+ min$/);
    assert.equal(lesson.icon, 'circle-large-outline');
    assert.match(lesson.tooltip ?? '', /Not started/);
    assert.deepEqual(api.problems(), []);
  });

  it('opens a lesson: copies the starter into the workspace and shows it in the editor', async function () {
    const key = await vscode.commands.executeCommand<string>('aiDojo.openLesson', LESSON);
    assert.equal(key, LESSON);
    const dir = api.learnerDir(LESSON);
    assert.ok(dir);
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.equal(dir, path.join(root, 'ai-dojo', 'rag', 'cosine-topk'));
    const file = path.join(dir, FILE);
    assert.equal(readFileSync(file, 'utf8'), readFileSync(path.join(extensionPath, 'lessons/rag/cosine-topk/starter', FILE), 'utf8'));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file);
    assert.equal(api.progress(LESSON).status, 'in-progress');
    const tree = await api.inspectTree();
    assert.equal(retrieval(tree).find((l) => l.id === LESSON)?.icon, 'circle-large-filled');
  });

  it('runs checks on the starter and reports failures with reasons', async function () {
    const result = await vscode.commands.executeCommand<{ outcome: string; passed: number; total: number; checks: { status: string; reason: string }[] }>('aiDojo.runChecks', LESSON);
    assert.equal(result.outcome, 'failed');
    assert.ok(result.passed < result.total);
    assert.ok(result.checks.some((c) => c.status === 'failed' && c.reason.length > 0));
    assert.equal(api.progress(LESSON).attempts, 1);
    // Where the time went, phase by phase, with the runner's own share.
    const phases = api.lastRunPhases();
    assert.deepEqual(phases.map((p) => p.name), ['files', 'save', 'dependencies', 'checks', 'listeners', 'progress', 'runner']);
    const byName = Object.fromEntries(phases.map((p) => [p.name, p.ms]));
    assert.ok(phases.every((p) => p.ms >= 0));
    assert.ok(byName.checks >= byName.runner, `the checks phase (${byName.checks} ms) holds the runner's time (${byName.runner} ms)`);
  });

  it('grades the unsaved editor text: pasting the reference and running checks passes', async function () {
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const solution = readFileSync(path.join(extensionPath, 'lessons/rag/cosine-topk/solution', FILE), 'utf8');
    const all = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length));
    await editor.edit((b) => b.replace(all, solution));
    assert.ok(editor.document.isDirty);
    const result = await vscode.commands.executeCommand<{ outcome: string; passed: number; total: number; message?: string; checks: { status: string; reason: string }[] }>('aiDojo.runChecks');
    assert.equal(result.outcome, 'passed', `${result.message ?? ''} ${result.checks.filter((c) => c.status !== 'passed').map((c) => c.reason).join('; ')}\n${editor.document.getText().slice(0, 300)}`);
    assert.equal(result.passed, result.total);
    const p = api.progress(LESSON);
    assert.equal(p.status, 'passed');
    assert.equal(p.attempts, 2);
    assert.equal(p.bestScore, 1);
    const tree = await api.inspectTree();
    assert.equal(retrieval(tree).find((l) => l.id === LESSON)?.icon, 'pass-filled');
  });

  it('opening the lesson again keeps the learner’s edits', async function () {
    const file = path.join(api.learnerDir(LESSON) ?? '', FILE);
    const before = readFileSync(file, 'utf8');
    await vscode.commands.executeCommand('aiDojo.openLesson', LESSON);
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('unlocks hints one at a time', async function () {
    assert.equal(await vscode.commands.executeCommand('aiDojo.showHint', LESSON), 1);
    assert.equal(await vscode.commands.executeCommand('aiDojo.showHint', LESSON), 2);
    assert.equal(api.progress(LESSON).hintsShown, 2);
  });

  it('shows the solution as a read-only diff beside the learner’s file', async function () {
    const shown = await vscode.commands.executeCommand('aiDojo.showSolution', LESSON, { confirmed: true });
    assert.equal(shown, true);
    const diff = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff);
    assert.ok(diff, 'a diff editor is open');
    const input = diff.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'ai-dojo-solution');
    assert.equal(input.modified.fsPath, path.join(api.learnerDir(LESSON) ?? '', FILE));
  });

  it('reset keeps a backup of the learner’s files and restores the starter', async function () {
    const dir = api.learnerDir(LESSON) ?? '';
    // What the learner has: the editor's text when the file is open (even unsaved), else the disk's.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path.join(dir, FILE));
    const mine = open ? open.getText() : readFileSync(path.join(dir, FILE), 'utf8');
    const backup = await vscode.commands.executeCommand<string>('aiDojo.resetLesson', LESSON, { confirmed: true });
    assert.ok(backup && existsSync(backup));
    assert.equal(readFileSync(path.join(backup, FILE), 'utf8'), mine);
    assert.equal(readFileSync(path.join(dir, FILE), 'utf8'), readFileSync(path.join(extensionPath, 'lessons/rag/cosine-topk/starter', FILE), 'utf8'));
    assert.ok(readdirSync(path.join(dir, '.backup')).length >= 1);
    assert.equal(api.progress(LESSON).status, 'passed', 'a reset does not take away a passed lesson');
  });

  it('Next Lesson opens the following lesson in course order', async function () {
    const keys = api.lessonKeys();
    const next = keys[keys.indexOf(LESSON) + 1];
    const opened = await vscode.commands.executeCommand<string>('aiDojo.nextLesson', LESSON);
    assert.equal(opened, next);
    assert.ok(vscode.window.activeTextEditor?.document.uri.fsPath.startsWith(api.learnerDir(next) ?? '//'));
  });

  it('stops an infinite loop in learner code and stays responsive', async function () {
    const config = vscode.workspace.getConfiguration('aiDojo');
    await config.update('checks.timeoutSeconds', 2, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('aiDojo.openLesson', LESSON);
      const file = path.join(api.learnerDir(LESSON) ?? '', FILE);
      const code = 'export function cosine(a: number[], b: number[]): number { while (true) {} }\nexport function topK() { return []; }\n';
      // Put the loop in the document (unsaved). The file was just reset on disk, and the editor
      // may still be reloading it, so apply the edit until the document holds it.
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      for (let i = 0; i < 25 && doc.getText() !== code; i++) {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), code);
        await vscode.workspace.applyEdit(edit);
        if (doc.getText() !== code) await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(doc.getText(), code, 'the document holds the endless loop');
      const pending = vscode.commands.executeCommand<{ outcome: string; message?: string }>('aiDojo.runChecks', LESSON);
      let finished = false;
      void Promise.resolve(pending).then(() => (finished = true));
      // The extension host keeps answering while the learner's code spins in its own process.
      await vscode.commands.executeCommand('aiDojo.showHint', LESSON);
      assert.equal(finished, false, 'a command answered while the checks were still running');
      const result = await pending;
      assert.equal(result.outcome, 'timeout');
      assert.match(result.message ?? '', /Stopped after 2 s/);
    } finally {
      await config.update('checks.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
