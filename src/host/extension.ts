import * as vscode from 'vscode';
import type { LessonProgress } from '../core/progress/progress';
import type { RunResult } from '../core/runner/result';
import type { PanelState } from '../protocol/messages';
import { Container } from './container';
import type { LessonTestsView } from './testing/lessonTests';
import type { TreeSnapshot } from './tree/lessonTree';

/** What activate() returns: lesson packs from other extensions, and a view inside for tests and tooling. */
export interface AiDojoApi {
  /**
   * Adds a lesson pack (the absolute path of a folder with a pack.json) to the Lessons tree, e.g.
   * from a team's extension that depends on AI Dojo. Dispose the result to remove it.
   */
  registerPack(dir: string): vscode.Disposable;
  /** Time activate() took, in ms. */
  activationMs: number;
  ready: Promise<void>;
  lessonKeys(): string[];
  progress(lessonKey: string): LessonProgress;
  lastRun(lessonKey: string): RunResult | undefined;
  learnerDir(lessonKey: string): string | undefined;
  problems(): { file: string; field: string; message: string }[];
  /** The Lessons tree as a person sees it (labels, descriptions, icons): for tests and tooling. */
  inspectTree(): Promise<TreeSnapshot[]>;
  /** The Model view's rows (empty when no model is configured: VS Code then shows its welcome). */
  inspectModelView(): Promise<{ label: string; description?: string }[]>;
  /** The Testing view's controller, Run profile and items with what was last reported for them: for tests and tooling. */
  testExplorer(): LessonTestsView;
  /** What the lesson panel shows (the state it is sent), or undefined when it is closed: for tests and tooling. */
  inspectPanel(): Promise<PanelState | undefined>;
  /** The Lessons view's description: the course progress. */
  lessonsViewDescription(): string | undefined;
  /** Watch mode: whether it is on, and how many runs it started. */
  watch(): { enabled: boolean; runs: number };
  /** Get Started: whether this start opened it (the first start), and the steps done so far. */
  onboarding(): { welcomed: Promise<boolean>; done: string[] };
  /** Where the last Run Checks spent its time (files, save, dependencies, checks, listeners, progress; runner = the checks themselves). */
  lastRunPhases(): readonly { name: string; ms: number }[];
}

export function activate(context: vscode.ExtensionContext): AiDojoApi {
  const started = performance.now();
  const c = new Container(context);
  context.subscriptions.push(c);
  const activationMs = performance.now() - started;
  c.log.info(`Activated in ${activationMs.toFixed(1)} ms.`);
  const welcomed = c.onboarding.welcomeOnFirstStart().catch((e: unknown) => {
    c.log.warn(`Could not open Get Started: ${String(e)}`);
    return false;
  });
  return {
    registerPack: (dir) => c.packs.register(dir),
    activationMs,
    ready: c.ready,
    lessonKeys: () => c.service.catalog.lessons.map((l) => l.key),
    progress: (key) => c.service.progress(key),
    lastRun: (key) => c.service.lastRun(key),
    learnerDir: (key) => {
      const l = c.service.catalog.get(key);
      return l && c.service.learnerDir(l);
    },
    problems: () => c.service.catalog.problems.map(({ file, field, message }) => ({ file, field, message })),
    inspectTree: () => c.tree.snapshot(),
    inspectModelView: () => c.modelView.snapshot(),
    testExplorer: () => c.tests,
    inspectPanel: () => c.panel.snapshot(),
    lessonsViewDescription: () => c.lessonsView.description,
    watch: () => ({ enabled: c.watch.enabled, runs: c.watch.runs }),
    onboarding: () => ({ welcomed, done: c.onboarding.done() }),
    lastRunPhases: () => c.service.lastPhases,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
