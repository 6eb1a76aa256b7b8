import * as path from 'node:path';
import * as vscode from 'vscode';
import { SolutionDocuments } from '../adapters/solutionDocuments';
import type { Container } from '../container';
import { confirm, requireLesson, type ConfirmOptions } from './resolveLesson';

/** Opens the reference solution beside the learner's file, as a diff. Asks first. */
export async function showSolution(c: Container, arg?: unknown, opts?: ConfirmOptions): Promise<boolean> {
  await c.ready;
  const lesson = requireLesson(c.service, arg);
  if (!lesson) return false;
  const ok = await confirm(opts, `Show the reference solution for “${lesson.title}”?`, 'You learn more from the hints first. The reference opens as a diff beside your file; your file is not changed.', 'Show Solution');
  if (!ok) return false;
  const dir = c.service.learnerDir(lesson);
  await c.service.prepare(lesson);
  for (const f of lesson.files) {
    const reference = SolutionDocuments.uriFor(path.join(lesson.dir, 'solution', f));
    await vscode.commands.executeCommand('vscode.diff', reference, vscode.Uri.file(path.join(dir, f)), `${f}: reference ↔ yours`, { viewColumn: vscode.ViewColumn.One, preview: false });
  }
  return true;
}
