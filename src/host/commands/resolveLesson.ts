import * as vscode from 'vscode';
import type { Lesson } from '../../core/lessons/model';
import type { LessonService } from '../lessonService';
import { Commands } from './ids';

/** Commands take a lesson key, a tree node, or nothing (then: the active lesson). */
export function resolveLesson(service: LessonService, arg: unknown): Lesson | undefined {
  if (typeof arg === 'string') return service.catalog.find(arg);
  if (arg && typeof arg === 'object' && 'lesson' in arg) return (arg as { lesson: Lesson }).lesson;
  return service.activeLesson();
}

/** The same lesson, or a message that says how to get one. */
export function requireLesson(service: LessonService, arg: unknown): Lesson | undefined {
  const lesson = resolveLesson(service, arg);
  if (!lesson) {
    void vscode.window.showInformationMessage('AI Dojo: open a lesson first.', 'Open Lesson…').then((pick) => {
      if (pick) void vscode.commands.executeCommand(Commands.openLesson);
    });
  }
  return lesson;
}

/** Options tests and internal callers pass to skip the confirmation dialog. */
export interface ConfirmOptions {
  confirmed?: boolean;
}

export async function confirm(opts: ConfirmOptions | undefined, message: string, detail: string, action: string): Promise<boolean> {
  if (opts?.confirmed) return true;
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
}
