import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../core/runner/result';

/**
 * A learner's code that could not load (a syntax error, a throw at the top level) as a problem at
 * its line, in the Problems panel and the editor; the next run of that lesson clears it.
 */
export class LoadErrorDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ai-dojo-run');
  private readonly shown = new Map<string, vscode.Uri>();

  show(lessonKey: string, learnerDir: string, result: RunResult): void {
    const previous = this.shown.get(lessonKey);
    if (previous) this.collection.delete(previous);
    this.shown.delete(lessonKey);
    const at = result.location;
    if (!at || result.outcome !== 'error') return;
    const uri = vscode.Uri.file(path.join(learnerDir, ...at.file.split('/')));
    const start = new vscode.Position(at.line - 1, at.column - 1);
    const d = new vscode.Diagnostic(new vscode.Range(start, start.translate(0, 1)), result.message ?? 'The code could not be loaded.', vscode.DiagnosticSeverity.Error);
    d.source = 'AI Dojo';
    this.collection.set(uri, [d]);
    this.shown.set(lessonKey, uri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
