import * as vscode from 'vscode';
import { Commands } from '../commands/ids';
import type { ModelService } from './modelService';

/** The active model in the status bar; a click opens Configure Model. */
export class ModelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('aiDojo.model', vscode.StatusBarAlignment.Right, 100);
  private readonly sub: vscode.Disposable;

  constructor(private readonly models: ModelService) {
    this.item.name = 'AI Dojo Model';
    this.item.command = Commands.configureModel;
    this.sub = models.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  update(): void {
    const s = this.models.settings();
    const configured = this.models.isConfigured(s);
    this.item.text = configured ? `$(hubot) ${this.models.label(s)}` : '$(hubot) AI Dojo: no model';
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(configured ? `**AI Dojo model**: ${this.models.label(s)}\n\n${s.provider === 'vscode-lm' ? 'VS Code language model' : s.baseUrl}` : 'No model configured: lessons that need one will ask. Lessons without a model keep working.');
    tip.appendMarkdown('\n\nClick to configure.');
    this.item.tooltip = tip;
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
