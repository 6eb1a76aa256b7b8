import * as vscode from 'vscode';
import type { RunResult } from '../../core/runner/result';
import type { Container } from '../container';
import { Commands } from './ids';
import { requireLesson } from './resolveLesson';

/** Runs the checks of a lesson and shows the results in the panel. Resolves with the result. */
export async function runChecks(c: Container, arg?: unknown, opts?: { fresh?: boolean }): Promise<RunResult | undefined> {
  await c.ready;
  const lesson = requireLesson(c.service, arg);
  if (!lesson) return undefined;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('AI Dojo runs lesson code only in a trusted workspace. Trust this workspace to run checks.', 'Manage Workspace Trust').then((p) => {
      if (p) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return undefined;
  }
  if (c.panel.visibleLessonKey !== lesson.key) c.panel.show(lesson);
  const result = await c.service.runChecks(lesson, opts?.fresh === true);
  if (result.outcome !== 'cancelled') void c.onboarding.mark('ranChecks');
  if (result.outcome === 'passed') {
    const next = c.service.catalog.next(lesson.key);
    void vscode.window.showInformationMessage(`AI Dojo: “${lesson.title}” passed, all ${result.total} checks.`, ...(next ? ['Next Lesson'] : [])).then((p) => {
      if (p) void vscode.commands.executeCommand(Commands.nextLesson, lesson.key);
    });
  } else if (!result.modelError && result.outcome !== 'failed' && result.outcome !== 'cancelled') {
    // (A model error is shown in the panel with the buttons that fix it.)
    void vscode.window.showWarningMessage(`AI Dojo: ${result.message ?? result.outcome}`, 'Open Log').then((p) => {
      if (p) c.log.show();
    });
  }
  return result;
}
