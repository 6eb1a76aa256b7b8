// Export Progress, Reset All Progress and Import Progress inside a real extension host: the round
// trip gives back the same progress, a bad file changes nothing, and lesson files are never touched.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProgressExport } from '../../../src/core/progress/exportImport';
import type { LessonProgress } from '../../../src/core/progress/progress';
import type { RunResult } from '../../../src/core/runner/result';
import type { ImportResult } from '../../../src/host/commands/importProgress';
import type { AiDojoApi } from '../../../src/host/extension';

const LESSON = 'ai-dojo:rag/chunker';
const FILE = 'chunker.ts';

describe('Export, import and reset all progress', function () {
  let api: AiDojoApi;
  let tmp: string;
  let exported: string;
  /** Every loaded lesson's progress right after the export. */
  let saved: Record<string, LessonProgress>;

  const snapshot = () => Object.fromEntries(api.lessonKeys().map((k) => [k, api.progress(k)]));
  const readExport = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as ProgressExport;
  async function chunkerIcon() {
    const tree = await api.inspectTree();
    const retrieval = tree.find((n) => n.id === 'pack:ai-dojo')!.children.find((t) => t.label === 'Retrieval')?.children ?? [];
    return retrieval.find((l) => l.id === LESSON)?.icon;
  }

  before(async function () {
    api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-progress-'));
    exported = path.join(tmp, 'ai-dojo-progress.json');
  });

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('records progress: the chunker starter fails its checks, so the lesson is in progress', async function () {
    await vscode.commands.executeCommand('aiDojo.openLesson', LESSON);
    const attempts = api.progress(LESSON).attempts;
    const r = await vscode.commands.executeCommand<RunResult>('aiDojo.runChecks', LESSON);
    assert.equal(r.outcome, 'failed', r.message);
    const p = api.progress(LESSON);
    assert.equal(p.status, 'in-progress');
    assert.equal(p.attempts, attempts + 1);
    assert.ok(p.lastRun);
  });

  it('exports every lesson’s progress to a versioned JSON file', async function () {
    const file = await vscode.commands.executeCommand<string>('aiDojo.exportProgress', { file: exported });
    assert.equal(file, exported);
    saved = snapshot();
    const doc = readExport(exported);
    assert.equal(doc.format, 'ai-dojo-progress');
    assert.equal(doc.version, 2);
    assert.ok(!Number.isNaN(Date.parse(doc.exportedAt)));
    const entry = doc.lessons.find((l) => l.lesson === LESSON);
    assert.ok(entry, 'the chunker is in the export');
    const p = saved[LESSON];
    assert.deepEqual(
      { title: entry.title, status: entry.status, attempts: entry.attempts, bestScore: entry.bestScore, lastRun: entry.lastRun },
      { title: 'Chunking with overlap', status: p.status, attempts: p.attempts, bestScore: p.bestScore, lastRun: p.lastRun },
    );
  });

  it('Reset All Progress (confirmed) forgets every lesson but keeps the learner’s files', async function () {
    const learnerFile = path.join(api.learnerDir(LESSON) ?? '', FILE);
    const mine = readFileSync(learnerFile, 'utf8');
    assert.equal(await vscode.commands.executeCommand('aiDojo.resetAllProgress', { confirmed: true }), true);
    for (const key of api.lessonKeys()) {
      const p = api.progress(key);
      assert.deepEqual({ status: p.status, attempts: p.attempts, bestScore: p.bestScore, hintsShown: p.hintsShown }, { status: 'not-started', attempts: 0, bestScore: 0, hintsShown: 0 }, key);
    }
    assert.equal(await chunkerIcon(), 'circle-large-outline');
    assert.ok(existsSync(learnerFile));
    assert.equal(readFileSync(learnerFile, 'utf8'), mine);
    // An export now has nothing to list: the reset cleared the store, not only the loaded lessons.
    const empty = path.join(tmp, 'empty.json');
    await vscode.commands.executeCommand('aiDojo.exportProgress', { file: empty });
    assert.deepEqual(readExport(empty).lessons, []);
  });

  it('Import Progress brings back exactly the exported progress', async function () {
    const r = await vscode.commands.executeCommand<ImportResult>('aiDojo.importProgress', { file: exported });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.lessons, readExport(exported).lessons.length);
    assert.deepEqual(snapshot(), saved);
    assert.equal(api.progress(LESSON).status, 'in-progress');
    assert.equal(await chunkerIcon(), 'circle-large-filled');
    // Lessons of packs that are not loaded now (other suites' temp packs) come back too.
    const again = path.join(tmp, 'again.json');
    await vscode.commands.executeCommand('aiDojo.exportProgress', { file: again });
    assert.deepEqual(readExport(again).lessons, readExport(exported).lessons);
  });

  it('importing the same file again changes nothing (the merge never adds twice)', async function () {
    const r = await vscode.commands.executeCommand<ImportResult>('aiDojo.importProgress', { file: exported });
    assert.ok(r.ok);
    assert.deepEqual(snapshot(), saved);
  });

  it('a malformed file is refused with an error naming the problem, and changes nothing', async function () {
    const broken = path.join(tmp, 'broken.json');
    writeFileSync(broken, '{"format": "ai-dojo-progress", "version": 1,');
    let r = await vscode.commands.executeCommand<ImportResult>('aiDojo.importProgress', { file: broken });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /^Not valid JSON/);

    const doc = readExport(exported);
    // A valid lesson before the bad one: a refused file must not import even part of itself.
    doc.lessons.unshift({ lesson: 'ai-dojo:rag/bm25', status: 'passed', attempts: 99, bestScore: 1, hintsShown: 0 });
    const at = doc.lessons.findIndex((l) => l.lesson === LESSON);
    (doc.lessons[at] as { status: string }).status = 'finished';
    writeFileSync(broken, JSON.stringify(doc));
    r = await vscode.commands.executeCommand<ImportResult>('aiDojo.importProgress', { file: broken });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, new RegExp(`^lessons\\[${at}\\]\\.status: `));

    r = await vscode.commands.executeCommand<ImportResult>('aiDojo.importProgress', { file: path.join(tmp, 'missing.json') });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /cannot read the file/);
    assert.deepEqual(snapshot(), saved);
  });
});
