import * as vscode from 'vscode';
import type { Problem } from '../../core/lessons/model';

/** Shows lesson-pack problems in the Problems panel, at the file and field they concern. */
export class ProblemDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ai-dojo');

  show(problems: readonly Problem[]): void {
    this.collection.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problems) {
      const pos = new vscode.Position(p.line, p.column);
      const d = new vscode.Diagnostic(new vscode.Range(pos, pos.translate(0, 1)), p.message, vscode.DiagnosticSeverity.Error);
      d.source = 'AI Dojo';
      byFile.set(p.file, [...(byFile.get(p.file) ?? []), d]);
    }
    for (const [file, diags] of byFile) this.collection.set(vscode.Uri.file(file), diags);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
