import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Lesson } from '../../core/lessons/model';
import { renderMarkdown } from '../../core/markdown';
import { persistedPanelStateSchema, webviewToHostSchema, type HostToWebview, type PanelState, type WebviewToHost } from '../../protocol/messages';
import { Commands } from '../commands/ids';
import type { LessonService } from '../lessonService';
import type { ModelService } from '../model/modelService';
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

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly service: LessonService,
    private readonly models: ModelService,
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
      models.onDidChange(() => void this.postState()),
    );
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
    panel.webview.options = this.options();
    this.attach(panel);
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
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

  private receive(raw: unknown): void {
    const parsed = webviewToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`Ignored a malformed message from the lesson panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    void this.handle(parsed.data).catch((e: unknown) => this.log.error(`Lesson panel action failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
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
      case 'showSolution':
        return void (await vscode.commands.executeCommand(Commands.showSolution, key));
      case 'resetLesson':
        return void (await vscode.commands.executeCommand(Commands.resetLesson, key));
      case 'nextLesson':
        return void (await vscode.commands.executeCommand(Commands.nextLesson, key));
      case 'openFile': {
        const lesson = key ? this.service.catalog.get(key) : undefined;
        if (!lesson || !lesson.files.includes(msg.file)) return;
        await vscode.window.showTextDocument(vscode.Uri.file(path.join(this.service.learnerDir(lesson), msg.file)), { viewColumn: vscode.ViewColumn.One, preview: false });
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
      const text = await fs.readFile(path.join(lesson.dir, lesson.instructions), 'utf8').catch(() => `*Could not read ${lesson.instructions}.*`);
      // The panel's header shows the title; a README that starts with it would repeat it.
      html = renderMarkdown(text.replace(/^\s*#\s+(.+)\r?\n/, (line, heading: string) => (heading.trim() === lesson.title ? '' : line)));
      this.instructions.set(lesson.key, html);
    }
    const p = this.service.progress(lesson.key);
    const pack = this.service.catalog.packs.find((pk) => pk.id === lesson.packId);
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
      lastRun: this.service.lastRun(lesson.key),
    };
  }

  private async postState(): Promise<void> {
    const lesson = this.lessonKey ? this.service.catalog.get(this.lessonKey) : undefined;
    if (!lesson || !this.panel || !this.ready) return;
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
