import * as vscode from 'vscode';
import { presetById } from '../../core/modelPresets';
import { Commands } from '../commands/ids';
import type { ModelService } from './modelService';

interface Row {
  label: string;
  description?: string;
  tooltip?: string;
  icon: string;
  command?: vscode.Command;
}

/**
 * The Model view under the Lessons tree: what prompt lessons run on (chat model, endpoint,
 * embeddings, key). Empty when no model is configured, so VS Code shows the view's welcome
 * content with Configure Model and Set API Key.
 */
export class ModelViewProvider implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly models: ModelService) {
    this.sub = models.onDidChange(() => this.emitter.fire());
  }

  async getChildren(row?: Row): Promise<Row[]> {
    if (row) return [];
    const s = this.models.settings();
    if (!this.models.isConfigured(s)) return [];
    const configure: vscode.Command = { command: Commands.configureModel, title: 'Configure Model…' };
    if (s.provider === 'vscode-lm') {
      return [
        { label: s.chatModel || 'default model', description: 'VS Code language model', icon: 'hubot', command: configure },
        { label: 'Embeddings: offline model', description: 'shipped with AI Dojo', icon: 'symbol-array' },
      ];
    }
    const preset = presetById(s.provider);
    const hasKey = !!(await this.models.keys.get(s.baseUrl));
    return [
      { label: s.chatModel, description: preset && s.provider !== 'custom' ? preset.label : 'chat model', tooltip: s.baseUrl, icon: 'hubot', command: configure },
      { label: s.baseUrl, description: 'endpoint', icon: 'globe', command: configure },
      { label: s.embeddingModel ? `Embeddings: ${s.embeddingModel}` : 'Embeddings: offline model', description: s.embeddingModel ? 'endpoint' : 'shipped with AI Dojo', icon: 'symbol-array' },
      hasKey
        ? { label: 'API key stored', description: 'secret storage', icon: 'key', command: { command: Commands.setApiKey, title: 'Set API Key…' } }
        : { label: preset?.needsKey ? 'API key missing' : 'No API key', description: preset?.needsKey ? 'set one' : 'not needed for local servers', icon: preset?.needsKey ? 'warning' : 'key', command: { command: Commands.setApiKey, title: 'Set API Key…' } },
      { label: 'Test Connection', icon: 'plug', command: { command: Commands.testModelConnection, title: 'Test Model Connection' } },
    ];
  }

  getTreeItem(row: Row): vscode.TreeItem {
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.description = row.description;
    item.tooltip = row.tooltip ?? row.label;
    item.iconPath = new vscode.ThemeIcon(row.icon);
    item.command = row.command;
    return item;
  }

  /** The rows as a person sees them: for tests. */
  async snapshot(): Promise<{ label: string; description?: string }[]> {
    return (await this.getChildren()).map(({ label, description }) => ({ label, description }));
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
