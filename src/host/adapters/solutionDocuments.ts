import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';

export const SOLUTION_SCHEME = 'ai-dojo-solution';

/** Reference solutions open read-only, so nobody edits the extension's copy by accident. */
export class SolutionDocuments implements vscode.TextDocumentContentProvider {
  static uriFor(file: string): vscode.Uri {
    return vscode.Uri.file(file).with({ scheme: SOLUTION_SCHEME });
  }

  provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    return fs.readFile(uri.fsPath, 'utf8');
  }
}
