import * as vscode from 'vscode';
import type { Container } from '../container';
import { requireLesson } from './resolveLesson';

/** Unlocks the next hint of a lesson; the panel shows every hint unlocked so far. */
export async function showHint(c: Container, arg?: unknown): Promise<number | undefined> {
  await c.ready;
  const lesson = requireLesson(c.service, arg);
  if (!lesson) return undefined;
  if (c.panel.visibleLessonKey !== lesson.key) c.panel.show(lesson);
  if (!lesson.hints.length) {
    void vscode.window.showInformationMessage(`AI Dojo: “${lesson.title}” has no hints.`);
    return 0;
  }
  const before = c.service.progress(lesson.key).hintsShown;
  if (before >= lesson.hints.length) {
    void vscode.window.showInformationMessage(`AI Dojo: all ${lesson.hints.length} hints are shown. Still stuck? Show Solution compares yours with the reference.`);
    return before;
  }
  const shown = await c.service.revealHint(lesson);
  void c.onboarding.mark('tookHint');
  return shown;
}
