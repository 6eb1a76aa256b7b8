import * as vscode from 'vscode';
import type { Container } from '../container';

/** Reloads every lesson pack from disk (e.g. after editing a manifest). */
export async function refreshLessons(c: Container): Promise<number> {
  const catalog = await c.service.reload();
  const problems = catalog.problems.length;
  vscode.window.setStatusBarMessage(`AI Dojo: ${catalog.lessons.length} lessons loaded${problems ? `, ${problems} problem(s)` : ''}`, 4000);
  if (problems) {
    void vscode.window.showWarningMessage(`AI Dojo: ${problems} problem(s) in lesson packs; the other lessons loaded.`, 'Show Problems', 'Open Log').then((p) => {
      if (p === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      if (p === 'Open Log') c.log.show();
    });
  }
  return catalog.lessons.length;
}
