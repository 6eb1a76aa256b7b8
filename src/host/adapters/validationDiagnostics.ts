import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PackReport } from '../../core/verify/types';

/** Validate Pack's findings in the Problems panel, on each lesson's lesson.json (the pack's own on pack.json). */
export class ValidationDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('AI Dojo: Validate Pack');

  show(packDir: string, report: PackReport): void {
    this.collection.clear();
    const top = new vscode.Range(0, 0, 0, 0);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const add = (file: string, message: string, severity: vscode.DiagnosticSeverity) => {
      const d = new vscode.Diagnostic(top, message, severity);
      d.source = 'AI Dojo';
      byFile.set(file, [...(byFile.get(file) ?? []), d]);
    };
    for (const p of report.problems) add(path.join(packDir, 'pack.json'), p, vscode.DiagnosticSeverity.Error);
    for (const w of report.warnings ?? []) add(path.join(packDir, 'pack.json'), w, vscode.DiagnosticSeverity.Warning);
    for (const l of report.lessons) {
      const file = path.join(packDir, ...l.id.split('/'), 'lesson.json');
      for (const p of l.problems) add(file, p, vscode.DiagnosticSeverity.Error);
      for (const w of l.warnings) add(file, w, vscode.DiagnosticSeverity.Warning);
    }
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
