import * as vscode from 'vscode';
import type { Container } from '../container';
import type { ConnectionTest } from '../model/modelService';
import { Commands } from './ids';

/** Sends one tiny request and reports model, latency and tokens, or what went wrong and what to do. */
export async function testModelConnection(c: Container): Promise<ConnectionTest> {
  const test = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `AI Dojo: testing ${c.models.label()}…`, cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      return c.models.testConnection(abort.signal).finally(() => sub.dispose());
    },
  );
  if (test.ok) {
    const r = test.result;
    const tokens = r.usage ? `, ${r.usage.totalTokens} tokens` : '';
    void vscode.window.showInformationMessage(`AI Dojo: ${r.model} answered in ${Math.round(r.latencyMs)} ms${tokens}.`);
  } else if (test.error.kind !== 'cancelled') {
    const e = test.error;
    const actions = e.kind === 'auth' || e.kind === 'forbidden' ? ['Set API Key…', 'Open Log'] : ['Configure Model…', 'Open Log'];
    void vscode.window.showErrorMessage(`AI Dojo: ${e.message} ${e.action}`.trim(), ...actions).then((p) => {
      if (p === 'Set API Key…') void vscode.commands.executeCommand(Commands.setApiKey);
      if (p === 'Configure Model…') void vscode.commands.executeCommand(Commands.configureModel);
      if (p === 'Open Log') c.log.show();
    });
  }
  return test;
}
