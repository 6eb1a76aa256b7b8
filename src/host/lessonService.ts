import * as path from 'node:path';
import * as vscode from 'vscode';
import { Catalog } from '../core/lessons/catalog';
import { nodeFiles } from '../core/lessons/files';
import type { Lesson } from '../core/lessons/model';
import { hintShown, modelHintShown, opened, recordRun, type LessonProgress, type ProgressStore } from '../core/progress/progress';
import { effectiveLimits, runCodeChecks, type AiProvider } from '../core/runner/codeRunner';
import { dependencyLabel, describeMissing, missingDependencies, type MissingDependency } from '../core/deps/lessonDeps';
import { SandboxPool } from '../core/runner/sandboxPool';
import { runPromptChecks, type PromptModel } from '../core/runner/promptRunner';
import type { SpendEstimate } from '../core/runner/spend';
import type { ResponseCache } from '../core/runner/responseCache';
import type { RunResult } from '../core/runner/result';
import { ensureLearnerFiles, isInside, learnerDirFor, resetLearnerFiles } from '../core/workspace/learnerFiles';
import { PhaseClock, type Phase } from '../core/timing/phaseClock';
import { readConfig } from './config';
import type { ProblemDiagnostics } from './adapters/problemDiagnostics';

export interface RunState {
  lessonKey: string;
  cancel: vscode.CancellationTokenSource;
  promise: Promise<RunResult>;
}

/**
 * Lessons, the learner's files, progress and runs: the one place the tree, the panel and the
 * commands go through. It fires `onDidChange` whenever any of them should redraw.
 */
export class LessonService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with a lesson key, or undefined when the whole catalog changed. */
  readonly onDidChange = this.changed.event;
  private readonly ran = new vscode.EventEmitter<{ lesson: Lesson; result: RunResult }>();
  /** A run finished (whatever its outcome), after its result is recorded. */
  readonly onDidRun = this.ran.event;
  private readonly progressEvents = new vscode.EventEmitter<{ key: string; done: number; total: number; name: string }>();
  readonly onRunProgress = this.progressEvents.event;
  private readonly streamEvents = new vscode.EventEmitter<{ key: string; caseIndex: number; text: string }>();
  /** A prompt lesson's first case output, as the model writes it. */
  readonly onRunStream = this.streamEvents.event;
  private readonly estimateEvents = new vscode.EventEmitter<{ key: string; estimate: SpendEstimate; capUsd?: number }>();
  /** A prompt run's estimated cost, before its first model call. */
  readonly onRunEstimate = this.estimateEvents.event;

  catalog = new Catalog([], []);
  activeKey: string | undefined;
  private readonly lastRuns = new Map<string, RunResult>();
  /** Where the last Run Checks spent its time, phase by phase (the bench prints it). */
  lastPhases: readonly Phase[] = [];
  private running: RunState | undefined;
  private readonly pool: SandboxPool;

  constructor(
    private readonly packDirs: () => string[],
    /** Where progress lives; Export, Import and Reset All Progress use the same store. */
    readonly store: ProgressStore,
    sandboxScript: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly diagnostics: ProblemDiagnostics,
    private readonly promptModel: () => PromptModel | undefined,
    private readonly ai: () => AiProvider,
    readonly cache: ResponseCache,
  ) {
    this.pool = new SandboxPool(sandboxScript);
  }

  private loading: Promise<unknown> = Promise.resolve();

  /** Reloads one after another: two overlapping loads could otherwise finish out of order and leave the older catalog. */
  reload(): Promise<Catalog> {
    const next = this.loading.then(() => this.load());
    this.loading = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<Catalog> {
    const started = performance.now();
    this.catalog = await Catalog.load(this.packDirs(), nodeFiles);
    this.diagnostics.show(this.catalog.problems);
    for (const p of this.catalog.problems) this.log.error(`${p.file}${p.field ? ` (${p.field})` : ''}: ${p.message}`);
    this.log.info(`Loaded ${this.catalog.lessons.length} lessons from ${this.catalog.packs.length} pack(s) in ${(performance.now() - started).toFixed(0)} ms${this.catalog.problems.length ? `; ${this.catalog.problems.length} problem(s), see the Problems panel` : ''}.`);
    this.changed.fire(undefined);
    return this.catalog;
  }

  progress(key: string): LessonProgress {
    return this.store.get(key);
  }

  /** Progress changed outside the service (import, reset all): redraw the tree and the panel for every lesson. */
  progressChanged(): void {
    this.changed.fire(undefined);
  }

  lastRun(key: string): RunResult | undefined {
    return this.lastRuns.get(key);
  }

  isRunning(key?: string): boolean {
    return !!this.running && (key === undefined || this.running.lessonKey === key);
  }

  learnerDir(lesson: Lesson): string {
    return learnerDirFor(readConfig().learnerRoot, lesson);
  }

  /** The lesson a command without arguments acts on: the panel's, else the one whose file is in the editor. */
  activeLesson(): Lesson | undefined {
    const fromEditor = this.lessonOfFile(vscode.window.activeTextEditor?.document.uri);
    return (this.activeKey ? this.catalog.get(this.activeKey) : undefined) ?? fromEditor;
  }

  lessonOfFile(uri: vscode.Uri | undefined): Lesson | undefined {
    if (!uri || uri.scheme !== 'file') return undefined;
    const root = readConfig().learnerRoot;
    return this.catalog.lessons.find((l) => {
      const dir = learnerDirFor(root, l);
      return isInside(dir, uri.fsPath) && !isInside(path.join(dir, '.backup'), uri.fsPath);
    });
  }

  /** Copies missing starter files (never overwriting) and marks the lesson started. */
  async prepare(lesson: Lesson): Promise<string[]> {
    const dir = this.learnerDir(lesson);
    const { files, created } = await ensureLearnerFiles(lesson, dir);
    if (created.length) this.log.info(`Copied ${created.length} starter file(s) to ${dir}.`);
    this.activeKey = lesson.key;
    // The learner will run checks soon: start their sandbox now, off the critical path.
    if (vscode.workspace.isTrusted) this.pool.prewarm(readConfig().memoryMb);
    const p = this.store.get(lesson.key);
    const next = opened(p);
    if (next !== p) await this.store.set(lesson.key, next);
    this.changed.fire(lesson.key);
    return files;
  }

  async revealHint(lesson: Lesson): Promise<number> {
    const p = this.store.get(lesson.key);
    const next = hintShown(p, lesson.hints.length);
    await this.store.set(lesson.key, next);
    this.changed.fire(lesson.key);
    return next.hintsShown;
  }

  /** A hint from the model was shown: counted with the lesson's hints. */
  async recordModelHint(lesson: Lesson): Promise<void> {
    await this.store.set(lesson.key, modelHintShown(this.store.get(lesson.key)));
    this.changed.fire(lesson.key);
  }

  async reset(lesson: Lesson): Promise<string | undefined> {
    const dir = this.learnerDir(lesson);
    await this.saveLearnerDocuments(dir);
    const backup = await resetLearnerFiles(lesson, dir);
    this.log.info(`Reset ${lesson.key}${backup ? `; your files were kept in ${backup}` : ''}.`);
    this.lastRuns.delete(lesson.key);
    this.changed.fire(lesson.key);
    return backup;
  }

  /** The lesson's npm dependencies that its learner folder does not have (at their exact version). */
  async missingDependencies(lesson: Lesson): Promise<MissingDependency[]> {
    if (lesson.kind !== 'code' || !lesson.dependencies || !Object.keys(lesson.dependencies).length) return [];
    return missingDependencies(this.learnerDir(lesson), lesson.dependencies);
  }

  /** Something outside a run changed what a lesson's panel shows (e.g. its dependencies were installed). */
  lessonChanged(key: string): void {
    this.lastRuns.delete(key);
    this.changed.fire(key);
  }

  /** Settles when no run is in progress (after a cancel, once the run has stopped). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running.promise.catch(() => undefined);
  }

  cancelRun(): void {
    this.running?.cancel.cancel();
  }

  /**
   * Runs the checks of a lesson (one run at a time; asking again while it runs joins that run).
   * `fresh` skips the model response cache; `debug` attaches a debugger to a code lesson's run.
   */
  runChecks(lesson: Lesson, fresh = false, debug?: (port: number) => Promise<void>): Promise<RunResult> {
    if (this.running?.lessonKey === lesson.key) return this.running.promise;
    this.running?.cancel.cancel();
    const cancel = new vscode.CancellationTokenSource();
    const promise = this.doRun(lesson, cancel, fresh, debug).finally(() => {
      if (this.running?.promise === promise) this.running = undefined;
      cancel.dispose();
      this.changed.fire(lesson.key);
    });
    this.running = { lessonKey: lesson.key, cancel, promise };
    this.changed.fire(lesson.key);
    return promise;
  }

  private async doRun(lesson: Lesson, cancel: vscode.CancellationTokenSource, fresh: boolean, debug?: (port: number) => Promise<void>): Promise<RunResult> {
    const clock = new PhaseClock();
    const config = readConfig();
    const dir = learnerDirFor(config.learnerRoot, lesson);
    await ensureLearnerFiles(lesson, dir);
    clock.mark('files');
    const sources = await this.saveLearnerDocuments(dir);
    clock.mark('save');
    const missing = await this.missingDependencies(lesson);
    clock.mark('dependencies');
    if (missing.length) {
      // Not an attempt: nothing ran. The panel offers the install.
      const result: RunResult = {
        lessonKey: lesson.key,
        outcome: 'error',
        message: `This lesson uses npm packages that are not installed in its folder yet: ${describeMissing(missing)}. Install them (npm install in ${dir}), then run the checks again.`,
        missingDependencies: missing.map(dependencyLabel),
        checks: [],
        passed: 0,
        total: 0,
        score: 0,
        durationMs: 0,
        output: '',
        finishedAt: new Date().toISOString(),
      };
      this.lastRuns.set(lesson.key, result);
      this.log.warn(`${lesson.key}: ${result.message}`);
      this.ran.fire({ lesson, result });
      return result;
    }
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AI Dojo: checking “${lesson.title}”`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const subs = [token.onCancellationRequested(() => cancel.cancel()), cancel.token.onCancellationRequested(() => abort.abort())];
        const onProgress = (done: number, total: number, name: string) => {
          progress.report({ message: `${done}/${total} ${name}`, increment: 100 / total });
          this.progressEvents.fire({ key: lesson.key, done, total, name });
        };
        try {
          if (lesson.kind === 'prompt') {
            return await runPromptChecks({
              lesson,
              learnerDir: dir,
              files: nodeFiles,
              sources,
              model: this.promptModel(),
              ...(config.model.spendCapUsd !== undefined ? { spendCapUsd: config.model.spendCapUsd } : {}),
              cache: this.cache,
              fresh,
              pool: this.pool,
              gradeTimeoutMs: config.timeoutMs,
              memoryMb: config.memoryMb,
              signal: abort.signal,
              onProgress,
              onStream: (caseIndex, text) => this.streamEvents.fire({ key: lesson.key, caseIndex, text }),
              onEstimate: (estimate) => this.estimateEvents.fire({ key: lesson.key, estimate, ...(config.model.spendCapUsd !== undefined ? { capUsd: config.model.spendCapUsd } : {}) }),
            });
          }
          return await runCodeChecks({ lesson, learnerDir: dir, pool: this.pool, sources, files: nodeFiles, ...effectiveLimits(lesson, config), signal: abort.signal, onProgress, ai: this.ai(), ...(debug ? { debug } : {}) });
        } finally {
          subs.forEach((s) => s.dispose());
        }
      },
    );
    // The runner's own time, and what the editor added around it (progress UI, hand-over).
    clock.mark('checks');
    this.lastRuns.set(lesson.key, result);
    // The store holds the new progress at once; the write to disk is awaited after the panel and
    // the Testing view have the result (it took a median 126 ms of the editor's path in the bench).
    const saved = this.store.set(lesson.key, recordRun(this.store.get(lesson.key), result));
    const line = `${lesson.key}: ${result.outcome}, ${result.passed}/${result.total} checks passed in ${result.durationMs.toFixed(0)} ms${result.message ? ` (${result.message})` : ''}`;
    if (result.outcome === 'passed' || result.outcome === 'failed' || result.outcome === 'cancelled') this.log.info(line);
    else this.log.warn(line);
    // Panel, Testing view and diagnostics update here.
    this.ran.fire({ lesson, result });
    clock.mark('listeners');
    await saved;
    clock.mark('progress');
    this.lastPhases = [...clock.entries, { name: 'runner', ms: result.durationMs }];
    this.log.debug(`${lesson.key}: Run Checks ${clock} (the runner itself: ${result.durationMs.toFixed(1)} ms of checks)`);
    return result;
  }

  /**
   * Saves the lesson's unsaved files and returns what the editor shows of them, so the checks
   * grade exactly what the learner sees even when the editor could not save (yet).
   */
  private async saveLearnerDocuments(dir: string): Promise<Record<string, string>> {
    const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file' && isInside(dir, d.uri.fsPath));
    const sources = Object.fromEntries(dirty.map((d) => [d.uri.fsPath, d.getText()]));
    await Promise.all(
      dirty.map(async (d) => {
        // A save right after the file appeared on disk can be refused while the editor's file
        // watcher catches up: retry a few times, waiting a little longer each time.
        for (const wait of [0, 250, 500, 1000]) {
          if (wait) await new Promise((r) => setTimeout(r, wait));
          // save() is also false for a document that is no longer dirty (saved meanwhile).
          if (!d.isDirty || (await d.save())) return;
        }
        this.log.warn(`Could not save ${d.uri.fsPath}; the checks graded the editor's text. Save it yourself to keep it.`);
      }),
    );
    return sources;
  }

  dispose(): void {
    this.running?.cancel.cancel();
    this.pool.dispose();
    this.changed.dispose();
    this.ran.dispose();
    this.progressEvents.dispose();
    this.streamEvents.dispose();
    this.estimateEvents.dispose();
  }
}
