import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeFiles } from '../../core/lessons/files';
import { runFeedback } from '../../core/feedback/runFeedback';
import { renderInstructions } from '../../core/lessons/instructions';
import type { Lesson } from '../../core/lessons/model';
import { renderMarkdown } from '../../core/markdown';
import { parseInbound } from '../../protocol/inbound';
import { persistedPanelStateSchema, type HostToWebview, type PanelState, type WebviewToHost } from '../../protocol/messages';
import { Commands } from '../commands/ids';
import type { LessonService } from '../lessonService';
import type { ModelService } from '../model/modelService';
import type { ModelHints } from '../hints/modelHints';
import { panelHtml } from './html';

export const PANEL_VIEW_TYPE = 'aiDojo.lesson';

/** The one lesson panel: instructions, actions, and the results of the last run. */
export class LessonPanel implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private panel: vscode.WebviewPanel | undefined;
  private lessonKey: string | undefined;
  private ready = false;
  private readonly subs: vscode.Disposable[] = [];
  private panelSubs: vscode.Disposable[] = [];
  private readonly instructions = new Map<string, string>();
  /** The pack folders the panel may load files (images) from: the shown lesson's pack only. */
  private packRoots: string[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: LessonService,
    private readonly models: ModelService,
    private readonly hints: ModelHints,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subs.push(
      service.onDidChange((key) => {
        if (key === undefined) this.instructions.clear();
        if (this.lessonKey && (key === undefined || key === this.lessonKey)) void this.postState();
      }),
      service.onRunProgress((p) => {
        if (p.key === this.lessonKey) this.post({ type: 'progress', done: p.done, total: p.total, name: p.name });
      }),
      service.onRunStream((p) => {
        if (p.key === this.lessonKey) this.post({ type: 'stream', caseIndex: p.caseIndex, text: p.text });
      }),
      service.onRunEstimate(({ key, estimate: e, capUsd }) => {
        if (key === this.lessonKey) this.post({ type: 'estimate', calls: e.calls, promptTokens: e.promptTokens, completionTokens: e.completionTokens, ...(e.usd !== undefined ? { usd: e.usd } : {}), ...(capUsd !== undefined ? { capUsd } : {}) });
      }),
      models.onDidChange(() => void this.postState()),
      hints.onDidChange((key) => {
        if (key === this.lessonKey) void this.postState();
      }),
      hints.onText(({ key, text }) => {
        if (key === this.lessonKey) this.post({ type: 'modelHintText', lessonKey: key, text });
      }),
    );
  }

  /** What the panel shows for its lesson (the state it is sent), or undefined when closed: for tests and tooling. */
  async snapshot(): Promise<PanelState | undefined> {
    const lesson = this.lessonKey ? this.service.catalog.get(this.lessonKey) : undefined;
    return this.panel && lesson ? this.state(lesson) : undefined;
  }

  get visibleLessonKey(): string | undefined {
    return this.panel ? this.lessonKey : undefined;
  }

  /** Shows a lesson in the panel, creating the panel beside the editor if needed. */
  show(lesson: Lesson, preserveFocus = true): void {
    this.lessonKey = lesson.key;
    if (this.panel) {
      this.panel.title = lesson.title;
      this.panel.reveal(vscode.ViewColumn.Beside, preserveFocus);
      void this.postState();
      return;
    }
    this.packRoots = [lesson.packDir];
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, lesson.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, this.options());
    this.attach(panel);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = persistedPanelStateSchema.safeParse(state);
    const lesson = parsed.success ? this.service.catalog.get(parsed.data.lessonKey) : undefined;
    if (!lesson) {
      panel.dispose();
      return;
    }
    this.lessonKey = lesson.key;
    this.service.activeKey ??= lesson.key;
    panel.title = lesson.title;
    this.packRoots = [lesson.packDir];
    panel.webview.options = this.options();
    this.attach(panel);
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media'), ...this.packRoots.map((d) => vscode.Uri.file(d))],
    };
  }

  /**
   * Lets the panel load files of this lesson's pack only (the CSP's img-src is the webview's
   * own resources): the folder as named and as resolved, since image URIs use real paths.
   */
  private async allowPack(lesson: Lesson): Promise<void> {
    const real = await fs.realpath(lesson.packDir).catch(() => lesson.packDir);
    const roots = [...new Set([lesson.packDir, real])];
    if (!this.panel || roots.join('\n') === this.packRoots.join('\n')) return;
    this.packRoots = roots;
    this.panel.webview.options = this.options();
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'dojo.svg');
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, panel.title);
    this.panelSubs = [
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.panelSubs.forEach((d) => d.dispose());
        this.panelSubs = [];
      }),
    ];
  }

  /** Never throws: a malformed message is dropped with a log line that cannot fail either. */
  private receive(raw: unknown): void {
    const inbound = parseInbound(raw);
    if (!inbound.ok) {
      this.log.warn(inbound.log);
      return;
    }
    const failed = (e: unknown) => this.log.error(`Lesson panel action failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    try {
      void this.handle(inbound.message).catch(failed);
    } catch (e) {
      failed(e);
    }
  }

  private async handle(msg: WebviewToHost): Promise<void> {
    const key = this.lessonKey;
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        return this.postState();
      case 'runChecks':
        return void (await vscode.commands.executeCommand(Commands.runChecks, key, { fresh: msg.fresh === true }));
      case 'configureModel':
        return void (await vscode.commands.executeCommand(Commands.configureModel));
      case 'setApiKey':
        return void (await vscode.commands.executeCommand(Commands.setApiKey));
      case 'installDependencies':
        return void (await vscode.commands.executeCommand(Commands.installDependencies, this.service.activeKey));
      case 'showLog':
        return this.log.show();
      case 'cancel':
        return this.service.cancelRun();
      case 'showHint':
        return void (await vscode.commands.executeCommand(Commands.showHint, key));
      case 'askModelHint':
        return void (await vscode.commands.executeCommand(Commands.askModelHint, key));
      case 'cancelModelHint':
        return this.hints.cancel();
      case 'showSolution':
        return void (await vscode.commands.executeCommand(Commands.showSolution, key));
      case 'resetLesson':
        return void (await vscode.commands.executeCommand(Commands.resetLesson, key));
      case 'nextLesson':
        return void (await vscode.commands.executeCommand(Commands.nextLesson, key));
      case 'openFile': {
        const lesson = key ? this.service.catalog.get(key) : undefined;
        if (!lesson || !lesson.files.includes(msg.file)) return;
        const at = msg.line ? new vscode.Position(msg.line - 1, (msg.column ?? 1) - 1) : undefined;
        await vscode.window.showTextDocument(vscode.Uri.file(path.join(this.service.learnerDir(lesson), msg.file)), {
          viewColumn: vscode.ViewColumn.One,
          preview: false,
          ...(at ? { selection: new vscode.Range(at, at) } : {}),
        });
        return;
      }
      case 'openLink': {
        const uri = vscode.Uri.parse(msg.href, true);
        if (uri.scheme === 'https' || uri.scheme === 'http') await vscode.env.openExternal(uri);
        return;
      }
    }
  }

  private async state(lesson: Lesson): Promise<PanelState> {
    let html = this.instructions.get(lesson.key);
    if (html === undefined) {
      const webview = this.panel?.webview;
      // README and images are read from inside the pack only; images load as webview resources.
      html = await renderInstructions(lesson, nodeFiles, (real) => (webview ? webview.asWebviewUri(vscode.Uri.file(real)).toString() : ''));
      this.instructions.set(lesson.key, html);
    }
    const p = this.service.progress(lesson.key);
    const lastRun = this.service.lastRun(lesson.key);
    const pack = this.service.catalog.packs.find((pk) => pk.id === lesson.packId);
    const modelHint = this.hints.view(lesson.key);
    return {
      lesson: {
        key: lesson.key,
        id: lesson.id,
        title: lesson.title,
        summary: lesson.summary,
        minutes: lesson.minutes,
        difficulty: lesson.difficulty,
        track: pack?.tracks.find((t) => t.id === lesson.trackId)?.title ?? lesson.trackId,
        pack: pack?.name ?? lesson.packId,
        instructionsHtml: html,
        files: lesson.files,
        learnerDir: this.service.learnerDir(lesson),
        hasNext: !!this.service.catalog.next(lesson.key),
      },
      status: p.status,
      attempts: p.attempts,
      bestScore: p.bestScore,
      hints: lesson.hints.slice(0, p.hintsShown).map((h) => renderMarkdown(h)),
      hintCount: lesson.hints.length,
      running: this.service.isRunning(lesson.key),
      trusted: vscode.workspace.isTrusted,
      needsModel: lesson.kind === 'prompt' && !!lesson.cases?.length,
      model: { configured: this.models.isConfigured(), label: this.models.label() },
      lastRun,
      ...runFeedback(lesson, lastRun, p.runs),
      ...(modelHint ? { modelHint } : {}),
    };
  }

  private async postState(): Promise<void> {
    const lesson = this.lessonKey ? this.service.catalog.get(this.lessonKey) : undefined;
    if (!lesson || !this.panel || !this.ready) return;
    await this.allowPack(lesson);
    if (!this.panel) return;
    this.panel.title = lesson.title;
    this.post({ type: 'state', state: await this.state(lesson) });
  }

  private post(msg: HostToWebview): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    this.panel?.dispose();
    this.subs.forEach((d) => d.dispose());
  }
}
