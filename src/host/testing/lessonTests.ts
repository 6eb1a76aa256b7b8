import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isBroken, type Lesson } from '../../core/lessons/model';
import type { RunResult } from '../../core/runner/result';
import { checkOutcomes } from '../../core/testing/checkOutcomes';
import { declarationLine } from '../../core/testing/declarationLine';
import { lessonCheckItems } from '../../core/testing/lessonCheckItems';
import type { LessonService } from '../lessonService';
import { itemPath, RecordingRun, type MessageSnapshot, type Reported, type ReportedState } from './recordingRun';
import { reportOutcomes } from './reportOutcomes';

/** The same words the Run Checks command uses in an untrusted workspace. */
const UNTRUSTED = 'AI Dojo runs lesson code only in a trusted workspace. Trust this workspace to run checks.';

/** A test item as plain data, with what was last reported for it in this session. */
export interface TestItemSnapshot {
  id: string;
  label: string;
  description?: string;
  file?: string;
  /** 0-based line of the item's range. */
  line?: number;
  state?: ReportedState;
  messages?: MessageSnapshot[];
  children: TestItemSnapshot[];
}

/** The Testing view's side of AI Dojo, for tests and tooling. */
export interface LessonTestsView {
  readonly controller: vscode.TestController;
  readonly runProfile: vscode.TestRunProfile;
  readonly debugProfile: vscode.TestRunProfile;
  /** Every item, once pending updates (locations, results of runs from elsewhere) have settled. */
  snapshot(): Promise<TestItemSnapshot[]>;
}

const order = (i: number) => String(i).padStart(4, '0');

/** `id`, or `otherwise` when `id` was taken already. */
function unique(taken: Set<string>, id: string, otherwise: string): string {
  const chosen = taken.has(id) ? otherwise : id;
  taken.add(chosen);
  return chosen;
}

/**
 * Lessons and their checks in the Testing view (packs › tracks › lessons › checks). The Run
 * profile runs lessons through LessonService.runChecks, the path of the Run Checks command, so
 * progress, the panel and the tree update as for any run; runs started elsewhere show here too.
 */
export class LessonTests implements vscode.Disposable, LessonTestsView {
  readonly controller = vscode.tests.createTestController('aiDojo', 'AI Dojo');
  readonly runProfile: vscode.TestRunProfile;
  readonly debugProfile: vscode.TestRunProfile;
  /** The lesson of each lesson and check item. */
  private readonly lessonKeys = new WeakMap<vscode.TestItem, string>();
  private lessonItems = new Map<string, vscode.TestItem>();
  private readonly reported = new Map<string, Reported>();
  /** The result last shown per lesson, so each result is published once. */
  private readonly shown = new Map<string, RunResult>();
  /** Lessons the Run profile is running: it reports their results itself. */
  private readonly runningHere = new Set<string>();
  /** Location updates and published results, in order. */
  private pending: Promise<unknown> = Promise.resolve();
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly service: LessonService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.runProfile = this.controller.createRunProfile('Run Checks', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    // Debug: the same run with a debugger attached to the process that runs the learner's code
    // (breakpoints in their files bind; no time limit while it runs). Prompt lessons run as usual.
    this.debugProfile = this.controller.createRunProfile('Debug Checks', vscode.TestRunProfileKind.Debug, (request, token) => this.run(request, token, true), true);
    this.controller.refreshHandler = () => service.reload().then(() => undefined, (e: unknown) => this.log.error(`Refreshing the lessons failed: ${String(e)}`));
    this.subs = [
      service.onDidChange((key) => (key === undefined ? this.rebuild() : this.lessonChanged(key))),
      vscode.workspace.onDidSaveTextDocument((d) => {
        const lesson = service.lessonOfFile(d.uri);
        if (lesson) this.locate(lesson);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('aiDojo.workspaceFolder')) this.rebuild();
      }),
    ];
    this.rebuild();
  }

  private entryPath(lesson: Lesson): string {
    return path.join(this.service.learnerDir(lesson), lesson.entryFile);
  }

  private rebuild(): void {
    this.lessonItems = new Map();
    // Ids must be unique among siblings, and two pack folders may use the same pack id (or a
    // manifest the same track id twice): later ones get a longer id, a lesson listed twice shows once.
    const packIds = new Set<string>();
    const packs = this.service.catalog.packs.flatMap((pack, pi) => {
      const trackIds = new Set<string>();
      const tracks = pack.tracks.flatMap((track, ti) => {
        const lessons = [...new Map(track.entries.filter((e): e is Lesson => !isBroken(e)).map((l) => [l.key, l])).values()];
        if (!lessons.length) return [];
        const t = this.controller.createTestItem(unique(trackIds, `track:${track.id}`, `track:${track.id}#${ti}`), track.title);
        t.sortText = order(ti);
        t.children.replace(lessons.map((l, li) => this.lessonItem(l, order(li))));
        return [t];
      });
      if (!tracks.length) return [];
      const p = this.controller.createTestItem(unique(packIds, `pack:${pack.id}`, `pack:${pack.id}@${pack.dir}`), pack.name);
      p.description = `v${pack.version}`;
      p.sortText = order(pi);
      p.children.replace(tracks);
      return [p];
    });
    this.controller.items.replace(packs);
    for (const l of this.service.catalog.lessons) this.locate(l);
  }

  private lessonItem(lesson: Lesson, sortText: string): vscode.TestItem {
    const file = this.entryPath(lesson);
    // A uri only once the learner's file exists: "Go to Test" on a lesson never opened would open nothing.
    const uri = existsSync(file) ? vscode.Uri.file(file) : undefined;
    const item = this.controller.createTestItem(lesson.key, lesson.title, uri);
    item.description = `${lesson.minutes} min`;
    item.sortText = sortText;
    this.lessonKeys.set(item, lesson.key);
    item.children.replace(
      lessonCheckItems(lesson).map((c, i) => {
        const child = this.controller.createTestItem(c.id, c.label, uri);
        child.description = c.description;
        child.sortText = order(i);
        this.lessonKeys.set(child, lesson.key);
        return child;
      }),
    );
    this.lessonItems.set(lesson.key, item);
    return item;
  }

  private lessonChanged(key: string): void {
    const lesson = this.service.catalog.get(key);
    const item = this.lessonItems.get(key);
    if (!lesson || !item) return;
    // The learner's files appeared (the lesson was opened or run): recreate the items with their uri.
    if (!item.uri && existsSync(this.entryPath(lesson))) item.parent?.children.add(this.lessonItem(lesson, item.sortText ?? ''));
    this.locate(lesson);
    this.showLastRun(lesson);
  }

  /** Runs updates one after another (each reads a learner file), so snapshot() can wait for them. */
  private queue(what: string, task: () => Promise<void>): void {
    this.pending = this.pending.then(task).catch((e: unknown) => this.log.warn(`${what} failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Puts the lesson at its file's start and each check at the function it calls, as the file is now. */
  private locate(lesson: Lesson): void {
    this.queue(`Locating the checks of ${lesson.key}`, async () => {
      const item = this.lessonItems.get(lesson.key);
      if (!item?.uri) return;
      const text = await readSource(item.uri);
      if (text === undefined) return;
      if (!item.range) item.range = new vscode.Range(0, 0, 0, 0);
      const calls = new Map(lessonCheckItems(lesson).map((c) => [c.id, c.call]));
      item.children.forEach((child) => {
        const call = calls.get(child.id);
        const line = call === undefined ? undefined : declarationLine(text, call);
        if (child.range?.start.line !== line) child.range = line === undefined ? undefined : new vscode.Range(line, 0, line, 0);
      });
    });
  }

  /** A result of Run Checks from the panel or a command: shown as a run that is not kept across sessions. */
  private showLastRun(lesson: Lesson): void {
    if (this.runningHere.has(lesson.key)) return;
    const result = this.service.lastRun(lesson.key);
    const item = this.lessonItems.get(lesson.key);
    if (!item || result === this.shown.get(lesson.key)) return;
    if (!result) {
      // Reset: what the Testing view shows is about files that are gone.
      this.shown.delete(lesson.key);
      this.controller.invalidateTestResults(item);
      return;
    }
    this.shown.set(lesson.key, result);
    this.queue(`Showing the result of ${lesson.key} in the Testing view`, async () => {
      const run = this.createRun(new vscode.TestRunRequest([item]), 'Run Checks', false);
      try {
        await this.report(run, lesson, item, result);
      } finally {
        run.end();
      }
    });
  }

  private createRun(request: vscode.TestRunRequest, name?: string, persist?: boolean): RecordingRun {
    return new RecordingRun(this.controller.createTestRun(request, name, persist), this.reported);
  }

  private async report(run: RecordingRun, lesson: Lesson, item: vscode.TestItem, result: RunResult, include?: (item: vscode.TestItem) => boolean): Promise<void> {
    const uri = vscode.Uri.file(this.entryPath(lesson));
    const text = await readSource(uri);
    const dir = vscode.Uri.file(this.service.learnerDir(lesson));
    reportOutcomes(run, item, checkOutcomes(lesson, result), text === undefined ? undefined : { uri, text, dir }, include);
  }

  /** Attaches VS Code's JavaScript debugger to a sandbox waiting on `port`. */
  private async attach(lesson: Lesson, port: number): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(this.entryPath(lesson)));
    const ok = await vscode.debug.startDebugging(folder, {
      type: 'node',
      request: 'attach',
      name: `AI Dojo: ${lesson.title}`,
      address: '127.0.0.1',
      port,
      continueOnAttach: true,
      // Step through the learner's code, not the sandbox that calls it.
      skipFiles: ['<node_internals>/**', '**/dist/sandbox.js', '**/dist/vendor/**'],
    });
    if (!ok) throw new Error('VS Code could not start the JavaScript debugger.');
    this.log.info(`Debugger attached to ${lesson.key} (port ${port}).`);
  }

  /** The Run profile: each chosen lesson in course order, one at a time. */
  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, debug = false): Promise<void> {
    const excluded = (request.exclude ?? []).map(itemPath);
    const isExcluded = (item: vscode.TestItem) => {
      const p = itemPath(item);
      return excluded.some((e) => p === e || p.startsWith(e + '\n'));
    };
    const lessons = this.requestedLessons(request, isExcluded);
    // Items are recreated when a lesson's files appear: always report on the current one.
    const itemOf = (l: Lesson) => this.lessonItems.get(l.key);
    const itemsOf = (l: Lesson) => {
      const item = itemOf(l);
      const all: vscode.TestItem[] = item ? [item] : [];
      item?.children.forEach((c) => {
        if (!isExcluded(c)) all.push(c);
      });
      return all;
    };
    const run = this.createRun(request);
    try {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(UNTRUSTED, 'Manage Workspace Trust').then((p) => {
          if (p) void vscode.commands.executeCommand('workbench.trust.manage');
        });
        for (const l of lessons) {
          const item = itemOf(l);
          if (item) run.errored(item, [new vscode.TestMessage(UNTRUSTED)]);
        }
        return;
      }
      for (const l of lessons) for (const i of itemsOf(l)) run.enqueued(i);
      for (const l of lessons) {
        if (token.isCancellationRequested) {
          for (const i of itemsOf(l)) run.skipped(i);
          continue;
        }
        for (const i of itemsOf(l)) run.started(i);
        this.runningHere.add(l.key);
        // Cancel only this lesson's run: another may have been started from the panel meanwhile.
        const sub = token.onCancellationRequested(() => {
          if (this.service.isRunning(l.key)) this.service.cancelRun();
        });
        try {
          const result = await this.service.runChecks(l, false, debug && l.kind === 'code' ? (port) => this.attach(l, port) : undefined);
          this.shown.set(l.key, result);
          const item = itemOf(l);
          if (item) await this.report(run, l, item, result, (c) => !isExcluded(c));
        } catch (e) {
          const item = itemOf(l);
          if (item) run.errored(item, [new vscode.TestMessage(`The checks could not run: ${e instanceof Error ? e.message : String(e)}`)]);
        } finally {
          sub.dispose();
          this.runningHere.delete(l.key);
        }
      }
    } finally {
      run.end();
    }
  }

  /** The lessons a request names, itself or through a pack, track or check, in course order. */
  private requestedLessons(request: vscode.TestRunRequest, isExcluded: (item: vscode.TestItem) => boolean): Lesson[] {
    const keys = new Set<string>();
    const visit = (item: vscode.TestItem) => {
      if (isExcluded(item)) return;
      const key = this.lessonKeys.get(item);
      if (key) keys.add(key);
      else item.children.forEach(visit);
    };
    if (request.include) request.include.forEach(visit);
    else this.controller.items.forEach(visit);
    return this.service.catalog.lessons.filter((l) => keys.has(l.key));
  }

  async snapshot(): Promise<TestItemSnapshot[]> {
    for (let p = this.pending; ; p = this.pending) {
      await p;
      if (p === this.pending) break;
    }
    const walk = (items: vscode.TestItemCollection): TestItemSnapshot[] => {
      const list: vscode.TestItem[] = [];
      items.forEach((i) => list.push(i));
      list.sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
      return list.map((i) => {
        const r = this.reported.get(itemPath(i));
        return {
          id: i.id,
          label: i.label,
          ...(i.description ? { description: i.description } : {}),
          ...(i.uri ? { file: i.uri.fsPath } : {}),
          ...(i.range ? { line: i.range.start.line } : {}),
          ...(r ? { state: r.state, messages: r.messages } : {}),
          children: walk(i.children),
        };
      });
    };
    return walk(this.controller.items);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.controller.dispose();
  }
}

/** What the editor shows of a learner file (what a run graded), else what is on disk. */
async function readSource(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === uri.fsPath);
  if (open) return open.getText();
  return fs.readFile(uri.fsPath, 'utf8').catch(() => undefined);
}
