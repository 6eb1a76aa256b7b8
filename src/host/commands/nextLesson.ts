import * as vscode from 'vscode';
import type { Container } from '../container';
import { openLesson } from './openLesson';
import { resolveLesson } from './resolveLesson';

/** Opens the lesson after the active one, in course order. */
export async function nextLesson(c: Container, arg?: unknown): Promise<string | undefined> {
  await c.ready;
  const current = resolveLesson(c.service, arg);
  const next = current ? c.service.catalog.next(current.key) : c.service.catalog.lessons[0];
  if (!next) {
    void vscode.window.showInformationMessage('AI Dojo: that was the last lesson of the course. Well done.');
    return undefined;
  }
  return openLesson(c, next.key);
}
