import * as vscode from 'vscode';
import { lessonToContinue } from '../../core/progress/resume';
import type { Container } from '../container';
import { openLesson } from './openLesson';

/** Opens the lesson in progress that was touched last (or the first one not passed yet). */
export async function continueLesson(c: Container): Promise<string | undefined> {
  await c.ready;
  const target = lessonToContinue(c.service.catalog.lessons, (key) => c.service.progress(key));
  if (!target) {
    void vscode.window.showInformationMessage('AI Dojo: every lesson has passed. Well done. Open any lesson to practise again.', 'Open Lesson…').then((p) => {
      if (p) void vscode.commands.executeCommand('aiDojo.openLesson');
    });
    return undefined;
  }
  return openLesson(c, target.key);
}
