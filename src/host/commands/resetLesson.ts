import * as vscode from 'vscode';
import type { Container } from '../container';
import { confirm, requireLesson, type ConfirmOptions } from './resolveLesson';

/** Puts the starter back; the learner's files are kept in a backup folder first. Asks first. */
export async function resetLesson(c: Container, arg?: unknown, opts?: ConfirmOptions): Promise<string | undefined | false> {
  await c.ready;
  const lesson = requireLesson(c.service, arg);
  if (!lesson) return false;
  const ok = await confirm(opts, `Reset “${lesson.title}” to its starter files?`, 'Your current files are first copied to a .backup folder inside the lesson folder, so nothing is lost.', 'Reset Lesson');
  if (!ok) return false;
  const backup = await c.service.reset(lesson);
  if (backup) {
    void vscode.window.showInformationMessage(`AI Dojo: “${lesson.title}” was reset. Your previous files are in ${backup}.`, 'Reveal Backup').then((p) => {
      if (p) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(backup));
    });
  }
  return backup;
}
