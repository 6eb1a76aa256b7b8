// The Testing view inside a real extension host: lessons and their checks as test items, a run
// through the Run profile (the same path as Run Checks), failures placed at the learner's
// function, and a Run Checks from the command shown there too.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AiDojoApi } from '../../../src/host/extension';
import type { LessonTestsView, TestItemSnapshot } from '../../../src/host/testing/lessonTests';
import { write } from './writeFile';

const CODE = 'tx:basics/add';
const PROMPT = 'tx:basics/summ';
// `add` is declared on line 5 (0-based), `double` on line 1: failures must point there.
const STARTER = [
  '// Two small functions.',
  'export function double(n: number): number {',
  '  return n * 2;',
  '}',
  '',
  'export function add(a: number, b: number): number {',
  '  return a - b;',
  '}',
  '',
].join('\n');
const SOLUTION = STARTER.replace('a - b', 'a + b');

function find(items: TestItemSnapshot[], ...ids: string[]): TestItemSnapshot {
  let found: TestItemSnapshot | undefined;
  for (const id of ids) {
    found = items.find((i) => i.id === id);
    assert.ok(found, `item ${ids.join(' › ')}: ${id} is missing among ${items.map((i) => i.id).join(', ')}`);
    items = found.children;
  }
  return found!;
}

describe('the Testing view (Test Explorer)', function () {
  let api: AiDojoApi;
  let view: LessonTestsView;
  let pack: string;
  const config = () => vscode.workspace.getConfiguration('aiDojo');
  const item = (key: string) => view.controller.items.get('pack:tx')?.children.get('track:basics')?.children.get(key);
  const lessonSnapshot = async (key: string) => find(await view.snapshot(), 'pack:tx', 'track:basics', key);
  const run = async (items: vscode.TestItem[], token = new vscode.CancellationTokenSource().token) => {
    await view.runProfile.runHandler(new vscode.TestRunRequest(items, undefined, view.runProfile), token);
  };

  before(async function () {
    api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
    view = api.testExplorer();
    pack = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-test-explorer-pack-'));
    write(pack, 'pack.json', { id: 'tx', name: 'Test Explorer pack', version: '1.0.0', tracks: [{ id: 'basics', title: 'Basics', lessons: ['basics/add', 'basics/summ'] }] });
    write(pack, 'basics/add/lesson.json', {
      id: 'basics/add',
      title: 'Add',
      kind: 'code',
      summary: 'Adds.',
      minutes: 5,
      files: ['add.ts'],
      call: 'add',
      hints: ['Add.', 'Use +.'],
      checks: [
        { name: 'doubles 2', call: 'double', args: [2], type: 'equals', value: 4 },
        { name: 'adds 1 and 2', args: [1, 2], type: 'equals', value: 3 },
        { name: 'adds 0 and 0', args: [0, 0], type: 'equals', value: 0 },
      ],
    });
    write(pack, 'basics/add/README.md', '# Add');
    write(pack, 'basics/add/starter/add.ts', STARTER);
    write(pack, 'basics/add/solution/add.ts', SOLUTION);
    write(pack, 'basics/summ/lesson.json', {
      id: 'basics/summ',
      title: 'Summarise',
      kind: 'prompt',
      summary: 'Summarise a ticket.',
      minutes: 5,
      files: ['s.prompty'],
      hints: ['Fence the ticket.', 'Use <ticket> tags.'],
      staticChecks: [{ name: 'fenced', type: 'contains', value: '<ticket>' }],
      cases: [
        { name: 'printer', vars: { ticket: 'The printer is broken.' } },
        { name: 'refund', vars: { ticket: 'I want a refund.' } },
      ],
      checks: [{ name: 'starts with Summary:', type: 'starts-with', value: 'Summary:' }],
    });
    write(pack, 'basics/summ/README.md', '# Summarise');
    write(pack, 'basics/summ/starter/s.prompty', 'user:\n<ticket>\n{{ticket}}\n</ticket>\n');
    write(pack, 'basics/summ/solution/s.prompty', 'user:\n<ticket>\n{{ticket}}\n</ticket>\n');
    // No model: the prompt lesson's cases cannot run, whatever an earlier suite configured.
    for (const k of ['model.provider', 'model.baseUrl', 'model.chatModel']) await config().update(k, undefined, vscode.ConfigurationTarget.Global);
    await config().update('lessonPacks', [pack], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await config().update('lessonPacks', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
    for (const key of [CODE, PROMPT]) {
      const dir = api.learnerDir(key);
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
    rmSync(pack, { recursive: true, force: true });
  });

  it('lists every lesson under its pack and track, with one item per check', async function () {
    const snapshot = await view.snapshot();
    const lessons = snapshot.flatMap((p) => p.children.flatMap((t) => t.children));
    assert.deepEqual(lessons.map((l) => l.id).sort(), [...api.lessonKeys()].sort(), 'one item per lesson, keyed by lesson key');
    for (const l of lessons) assert.ok(l.children.length > 0, `${l.id} has check items`);
    assert.ok(snapshot.some((p) => p.id === 'pack:ai-dojo' && p.children.length > 0), 'the built-in course is listed');

    const code = find(snapshot, 'pack:tx', 'track:basics', CODE);
    assert.equal(code.label, 'Add');
    assert.deepEqual(code.children.map((c) => [c.id, c.label]), [
      ['check:0', 'doubles 2'],
      ['check:1', 'adds 1 and 2'],
      ['check:2', 'adds 0 and 0'],
    ]);
    const prompt = find(snapshot, 'pack:tx', 'track:basics', PROMPT);
    assert.deepEqual(prompt.children.map((c) => [c.id, c.label]), [
      ['static:0', 'fenced'],
      ['case:0', 'printer'],
      ['case:1', 'refund'],
    ]);
    assert.equal(code.file, undefined, 'no file before the lesson was opened');
  });

  it('once opened, a lesson points at the learner’s file and each check at the function it calls', async function () {
    await vscode.commands.executeCommand('aiDojo.openLesson', CODE);
    const code = await lessonSnapshot(CODE);
    const file = path.join(api.learnerDir(CODE) ?? '', 'add.ts');
    assert.equal(code.file, file);
    assert.equal(code.line, 0);
    assert.deepEqual(code.children.map((c) => [c.file, c.line]), [
      [file, 1],
      [file, 5],
      [file, 5],
    ]);
  });

  it('the Run profile runs a lesson, records the run, and puts each failure at the learner’s function', async function () {
    const attempts = api.progress(CODE).attempts;
    const lesson = item(CODE);
    assert.ok(lesson, 'the lesson item exists');
    await run([lesson]);
    assert.equal(api.lastRun(CODE)?.outcome, 'failed', 'the run went through LessonService like Run Checks');
    assert.equal(api.progress(CODE).attempts, attempts + 1, 'progress is recorded');

    const code = await lessonSnapshot(CODE);
    assert.equal(code.state, 'failed');
    assert.deepEqual(code.children.map((c) => c.state), ['passed', 'failed', 'passed']);
    const [message] = code.children[1].messages ?? [];
    assert.ok(message, 'the failed check has a message');
    assert.match(message.text, /does not equal/);
    assert.equal(message.expected, '3');
    assert.equal(message.actual, '-1');
    assert.equal(message.file, path.join(api.learnerDir(CODE) ?? '', 'add.ts'));
    assert.equal(message.line, 5, 'at `export function add`');
  });

  it('a syntax error is one message on the lesson at its line in the learner’s file; the checks are not run', async function () {
    const doc = await vscode.workspace.openTextDocument(path.join(api.learnerDir(CODE) ?? '', 'add.ts'));
    const edit = new vscode.WorkspaceEdit();
    // Line 7 (1-based): `  return a - ;`.
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), STARTER.replace('a - b', 'a - '));
    assert.ok(await vscode.workspace.applyEdit(edit));
    const result = await vscode.commands.executeCommand<{ outcome: string; message?: string; location?: unknown }>('aiDojo.runChecks', CODE);
    assert.equal(result.outcome, 'error');
    assert.deepEqual(result.location, { file: 'add.ts', line: 7, column: 14 });
    assert.equal(result.message, 'add.ts, line 7: syntax error: unexpected token. Fix it, then run the checks again.');
    const code = await lessonSnapshot(CODE);
    assert.equal(code.state, 'errored');
    assert.deepEqual(code.children.map((c) => c.state), ['skipped', 'skipped', 'skipped']);
    const [message] = code.messages ?? [];
    assert.equal(message?.file, path.join(api.learnerDir(CODE) ?? '', 'add.ts'));
    assert.equal(message?.line, 6, 'at line 7 (0-based 6), not the file start');
    const problems = vscode.languages.getDiagnostics(doc.uri).filter((p) => p.source === 'AI Dojo');
    assert.deepEqual(problems.map((p) => [p.range.start.line, p.message]), [[6, result.message]], 'one problem at line 7 in the Problems panel');
  });

  it('a Run Checks from the command is shown in the Testing view too', async function () {
    const doc = await vscode.workspace.openTextDocument(path.join(api.learnerDir(CODE) ?? '', 'add.ts'));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), SOLUTION);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const result = await vscode.commands.executeCommand<{ outcome: string }>('aiDojo.runChecks', CODE);
    assert.equal(result.outcome, 'passed');
    assert.deepEqual(vscode.languages.getDiagnostics(doc.uri).filter((p) => p.source === 'AI Dojo'), [], 'the next run clears the syntax error');
    const code = await lessonSnapshot(CODE);
    assert.equal(code.state, 'passed');
    assert.deepEqual(code.children.map((c) => c.state), ['passed', 'passed', 'passed']);
  });

  it('the Debug profile runs a lesson with VS Code\'s debugger attached to the process that runs the learner\'s code', async function () {
    const lesson = item(CODE);
    assert.ok(lesson);
    // A breakpoint in the learner's TypeScript, inside `add`: the run must stop there, then go on.
    const file = vscode.Uri.file(path.join(api.learnerDir(CODE) ?? '', 'add.ts'));
    const text = (await vscode.workspace.openTextDocument(file)).getText().split('\n');
    const line = text.findIndex((l) => l.includes('return a + b'));
    assert.ok(line > 0, 'the solution is in the learner file');
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(file, new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    const started: vscode.DebugSession[] = [];
    const stoppedAt: number[] = [];
    const subs = [
      vscode.debug.onDidStartDebugSession((s) => started.push(s)),
      vscode.debug.onDidChangeActiveStackItem((item) => {
        if (item && 'frameId' in item) {
          stoppedAt.push(item.frameId);
          void vscode.commands.executeCommand('workbench.action.debug.continue');
        }
      }),
    ];
    try {
      await view.debugProfile.runHandler(new vscode.TestRunRequest([lesson], undefined, view.debugProfile), new vscode.CancellationTokenSource().token);
    } finally {
      subs.forEach((d) => d.dispose());
      vscode.debug.removeBreakpoints([breakpoint]);
    }
    assert.ok(started.some((s) => s.name === 'AI Dojo: Add' && s.configuration.request === 'attach'), started.map((s) => s.name).join(', '));
    assert.ok(stoppedAt.length >= 2, `the debugger stopped at the breakpoint in add.ts for each of the two checks that call add (stopped ${stoppedAt.length} times)`);
    assert.equal(api.lastRun(CODE)?.outcome, 'passed', 'the checks ran to the end under the debugger');
    assert.equal((await lessonSnapshot(CODE)).state, 'passed');
  });

  it('a prompt lesson without a model: static checks graded, cases skipped, what to do said once on the lesson', async function () {
    const lesson = item(PROMPT);
    assert.ok(lesson);
    await run([lesson]);
    const prompt = await lessonSnapshot(PROMPT);
    assert.equal(prompt.state, 'errored');
    assert.deepEqual(prompt.children.map((c) => c.state), ['passed', 'skipped', 'skipped']);
    assert.match(prompt.messages?.[0].text ?? '', /2 cases need a model\. .*Configure Model/);
    assert.equal(prompt.file, path.join(api.learnerDir(PROMPT) ?? '', 's.prompty'), 'the run created the learner’s file, and the item now points at it');
  });

  it('a cancelled request runs nothing and reports the lessons skipped', async function () {
    const attempts = api.progress(CODE).attempts;
    const lesson = item(CODE);
    assert.ok(lesson);
    const cancel = new vscode.CancellationTokenSource();
    cancel.cancel();
    await run([lesson], cancel.token);
    assert.equal(api.progress(CODE).attempts, attempts, 'no run was recorded');
    const code = await lessonSnapshot(CODE);
    assert.equal(code.state, 'skipped');
    assert.deepEqual(code.children.map((c) => c.state), ['skipped', 'skipped', 'skipped']);
  });
});
