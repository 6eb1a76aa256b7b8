import * as vscode from 'vscode';
import type { Container } from '../container';
import { Commands } from './ids';

/** Stores the endpoint's API key in SecretStorage. A key may be passed (automation, tests). */
export async function setApiKey(c: Container, key?: unknown): Promise<boolean> {
  const { baseUrl, provider } = c.models.settings();
  if (provider === 'vscode-lm') {
    void vscode.window.showInformationMessage('AI Dojo: VS Code language models need no API key.');
    return false;
  }
  if (!baseUrl) {
    const pick = await vscode.window.showWarningMessage('AI Dojo: configure a model endpoint first; the key is kept for that endpoint.', 'Configure Model…');
    if (pick) void vscode.commands.executeCommand(Commands.configureModel);
    return false;
  }
  const value =
    typeof key === 'string'
      ? key
      : await vscode.window.showInputBox({
          title: 'AI Dojo: Set API Key',
          prompt: `API key for ${baseUrl}. It is kept in VS Code's secret storage, never in settings or logs.`,
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'Enter the key, or press Escape to cancel.'),
        });
  if (!value?.trim()) return false;
  await c.models.keys.set(baseUrl, value);
  c.log.info(`API key stored for ${new URL(baseUrl).origin}.`);
  void vscode.window.showInformationMessage(`AI Dojo: API key saved for ${new URL(baseUrl).host}.`, 'Test Connection').then((p) => {
    if (p) void vscode.commands.executeCommand(Commands.testModelConnection);
  });
  return true;
}

export async function clearApiKey(c: Container): Promise<boolean> {
  const { baseUrl } = c.models.settings();
  if (!baseUrl) return false;
  await c.models.keys.delete(baseUrl);
  c.log.info(`API key removed for ${new URL(baseUrl).origin}.`);
  void vscode.window.showInformationMessage(`AI Dojo: API key removed for ${new URL(baseUrl).host}.`);
  return true;
}
