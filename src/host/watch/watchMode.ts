import * as vscode from 'vscode';
import { ContextKeys, Commands } from '../commands/ids';
import type { LessonService } from '../lessonService';

const DEBOUNCE_MS = 300;

/**
 * Watch mode (as rustlings has): while on, saving a lesson file re-runs that lesson's checks.
 * Saves close together are debounced into one run, and a save during a run cancels it and starts
 * again on the saved text. The toggle lasts for the workspace.
 */
export class WatchMode implements vscode.Disposable {
  private static readonly KEY = 'aiDojo.watching';
  private readonly item = vscode.window.createStatusBarItem('aiDojo.watch', vscode.StatusBarAlignment.Left, 50);
  private readonly subs: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  /** Runs started by watch mode, for tests and the log. */
  runs = 0;

  constructor(
    private readonly service: LessonService,
    private readonly state: vscode.Memento,
    private readonly run: (lessonKey: string) => Promise<unknown>,
  ) {
    this.item.name = 'AI Dojo Watch Mode';
    this.item.command = Commands.toggleWatch;
    this.item.text = '$(eye) AI Dojo: watching';
    this.item.tooltip = 'Checks re-run when you save a lesson file. Click to stop watching.';
    this.subs = [vscode.workspace.onDidSaveTextDocument((d) => this.onSave(d))];
    this.apply();
  }

  get enabled(): boolean {
    return this.state.get<boolean>(WatchMode.KEY, false);
  }

  async toggle(on = !this.enabled): Promise<boolean> {
    await this.state.update(WatchMode.KEY, on);
    this.apply();
    return on;
  }

  private apply(): void {
    const on = this.enabled;
    void vscode.commands.executeCommand('setContext', ContextKeys.watching, on);
    if (on) this.item.show();
    else this.item.hide();
    if (!on) clearTimeout(this.timer);
  }

  private onSave(doc: vscode.TextDocument): void {
    if (!this.enabled || !vscode.workspace.isTrusted) return;
    const lesson = this.service.lessonOfFile(doc.uri);
    if (!lesson) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.rerun(lesson.key), DEBOUNCE_MS);
  }

  private rerun(key: string): void {
    // Cancel a run in progress (it checks text that is no longer current), wait for it to settle,
    // then run on what was saved. Runs are chained so two never overlap.
    if (this.service.isRunning()) this.service.cancelRun();
    this.runs++;
    this.chain = this.chain
      .then(() => this.service.whenIdle())
      .then(() => this.run(key))
      .catch(() => undefined);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
    this.item.dispose();
  }
}
