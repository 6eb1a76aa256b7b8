import * as vscode from 'vscode';
import { MementoProgressStore } from './adapters/mementoProgress';
import { LoadErrorDiagnostics } from './adapters/loadErrorDiagnostics';
import { ProblemDiagnostics } from './adapters/problemDiagnostics';
import { SOLUTION_SCHEME, SolutionDocuments } from './adapters/solutionDocuments';
import { ContextKeys } from './commands/ids';
import { registerCommands } from './commands/register';
import { LessonService } from './lessonService';
import { LessonPanel, PANEL_VIEW_TYPE } from './panel/lessonPanel';
import { LessonTreeProvider } from './tree/lessonTree';
import { PackSources } from './packs/packSources';
import { ResponseCache } from '../core/runner/responseCache';
import { OfflineEmbedder } from '../core/embeddings/offlineEmbedder';
import { ApiKeys } from './model/apiKeys';
import { ModelService } from './model/modelService';
import { ModelStatusBar } from './model/modelStatusBar';
import { LessonTests } from './testing/lessonTests';
import { ModelViewProvider } from './model/modelView';
import { ValidationDiagnostics } from './adapters/validationDiagnostics';
import { WatchMode } from './watch/watchMode';
import { Onboarding } from './onboarding';
import { ModelHints } from './hints/modelHints';
import { runChecks } from './commands/runChecks';
import { courseProgress } from '../core/progress/resume';

/** The composition root: builds every service once, wires them, and owns their disposal. */
export class Container implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly service: LessonService;
  readonly panel: LessonPanel;
  readonly tree: LessonTreeProvider;
  readonly models: ModelService;
  /** Ask for a Hint: the model's hints, one request at a time. */
  readonly hints: ModelHints;
  readonly packs: PackSources;
  readonly tests: LessonTests;
  readonly modelView: ModelViewProvider;
  /** Re-runs a lesson's checks when one of its files is saved, while on. */
  readonly watch: WatchMode;
  /** The Lessons view; its description is the course progress ("12 / 37 passed"). */
  readonly lessonsView: vscode.TreeView<unknown>;
  /** Get Started: opened on the first start, its steps ticked by what the learner does. */
  readonly onboarding: Onboarding;
  /** Validate Pack's findings in the Problems panel. */
  readonly validation: ValidationDiagnostics;
  /** The offline embedding model (its own process, started on first use). */
  readonly offline: OfflineEmbedder;
  /** The built-in course's folder. */
  readonly builtInPacks: string;
  /** Settles when the lesson packs have loaded for the first time. */
  readonly ready: Promise<void>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    const d = this.disposables;
    this.log = track(d, vscode.window.createOutputChannel('AI Dojo', { log: true }));
    const diagnostics = track(d, new ProblemDiagnostics());
    const builtInPacks = (this.builtInPacks = vscode.Uri.joinPath(context.extensionUri, 'lessons').fsPath);
    const sandbox = this.dist('sandbox.js');
    const offline = (this.offline = new OfflineEmbedder(this.dist('embedder.js'), this.dist('models', 'use-lite')));
    this.validation = track(d, new ValidationDiagnostics());
    this.models = track(d, new ModelService(new ApiKeys(context.secrets), offline, this.log));
    const cache = new ResponseCache(vscode.Uri.joinPath(context.globalStorageUri, 'model-cache').fsPath);
    const packs = (this.packs = track(d, new PackSources(builtInPacks, this.log)));
    this.service = track(
      d,
      new LessonService(() => packs.dirs(), new MementoProgressStore(context.globalState), sandbox, this.log, diagnostics, () => this.models.promptModel(), () => this.models.aiProvider(), cache),
    );
    const loadErrors = track(d, new LoadErrorDiagnostics());
    track(d, this.service.onDidRun(({ lesson, result }) => loadErrors.show(lesson.key, this.service.learnerDir(lesson), result)));
    this.hints = track(d, new ModelHints(this.service, this.models, this.log));
    this.panel = track(d, new LessonPanel(context.extensionUri, this.service, this.models, this.hints, this.log));
    track(d, new ModelStatusBar(this.models));
    this.modelView = track(d, new ModelViewProvider(this.models));
    const tree = (this.tree = track(d, new LessonTreeProvider(this.service)));
    this.tests = track(d, new LessonTests(this.service, this.log));

    this.onboarding = new Onboarding(context.globalState);
    this.watch = track(d, new WatchMode(this.service, context.workspaceState, (key) => runChecks(this, key)));
    const lessonsView = (this.lessonsView = track(d, vscode.window.createTreeView('aiDojo.lessons', { treeDataProvider: tree, showCollapseAll: true })));
    const describeCourse = () => {
      const lessons = this.service.catalog.lessons;
      lessonsView.description = lessons.length ? courseProgress(lessons, (key) => this.service.progress(key)).label : undefined;
    };

    d.push(
      this.service.onDidChange(describeCourse),
      vscode.window.createTreeView('aiDojo.model', { treeDataProvider: this.modelView }),
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state) => {
          await this.ready;
          return this.panel.deserializeWebviewPanel(panel, state);
        },
      }),
      vscode.workspace.registerTextDocumentContentProvider(SOLUTION_SCHEME, new SolutionDocuments()),
      ...registerCommands(this),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      this.service.onDidChange(() => this.updateContext()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.service.reload()),
      packs.onDidChange(() => void this.service.reload()),
    );
    this.ready = this.service.reload().then(
      () => undefined,
      (e: unknown) => this.log.error(`Loading lessons failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`),
    );
    // Until then the Lessons view says it is loading, not that there are no lessons.
    void this.ready.then(() => vscode.commands.executeCommand('setContext', 'aiDojo.lessonsLoaded', true));
  }

  /** A file of the extension's build output (bundles, the offline model). */
  dist(...parts: string[]): string {
    return vscode.Uri.joinPath(this.context.extensionUri, 'dist', ...parts).fsPath;
  }

  private updateContext(): void {
    const inFile = !!this.service.lessonOfFile(vscode.window.activeTextEditor?.document.uri);
    void vscode.commands.executeCommand('setContext', ContextKeys.lessonFileActive, inFile);
    void vscode.commands.executeCommand('setContext', ContextKeys.lessonActive, inFile || !!this.service.activeKey);
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
  }
}

function track<T extends vscode.Disposable>(list: vscode.Disposable[], item: T): T {
  list.push(item);
  return item;
}
