import * as vscode from 'vscode';
import type { ModelHintView } from '../../protocol/messages';
import type { Container } from '../container';
import { Commands } from './ids';
import { requireLesson } from './resolveLesson';

/** Ask for a Hint: the model's hint streams into the lesson panel; without a model, says how to get one. */
export async function askModelHint(c: Container, arg?: unknown): Promise<ModelHintView | undefined> {
  await c.ready;
  const lesson = requireLesson(c.service, arg);
  if (!lesson) return undefined;
  if (c.panel.visibleLessonKey !== lesson.key) c.panel.show(lesson);
  const view = await c.hints.ask(lesson);
  if (view.status === 'done') void c.onboarding.mark('tookHint');
  if (view.status === 'needs-model') {
    void vscode.window.showInformationMessage(`AI Dojo: ${view.message}`, 'Configure Model…').then((pick) => {
      if (pick) void vscode.commands.executeCommand(Commands.configureModel);
    });
  }
  return view;
}

/** Stops the hint being asked; what streamed so far stays in the panel. */
export function cancelModelHint(c: Container): void {
  c.hints.cancel();
}
