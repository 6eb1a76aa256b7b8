import * as path from 'node:path';
import * as vscode from 'vscode';
import { lessonIdProblem, scaffoldLesson } from '../../core/authoring/scaffold';
import type { LessonKind } from '../../core/authoring/templates';
import type { Container } from '../container';
import { pickPack } from './pickPack';

export interface NewLessonArgs {
  packDir: string;
  id: string;
  title: string;
  kind: LessonKind;
}

/**
 * Scaffolds a lesson that already verifies into a pack (a new workspace pack when there is
 * none), lists it in pack.json, reloads, and opens its manifest and instructions to edit.
 */
export async function newLesson(c: Container, arg?: NewLessonArgs): Promise<string | undefined> {
  const input = arg ?? (await ask(c));
  if (!input) return undefined;
  const { lessonDir, written } = await scaffoldLesson(input.packDir, { id: input.id, title: input.title, kind: input.kind });
  c.log.info(`New Lesson: wrote ${written.length} files under ${lessonDir}.`);
  await c.service.reload();
  if (!arg) {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(lessonDir, 'lesson.json')), { preview: false });
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(lessonDir, 'README.md')), { preview: false, viewColumn: vscode.ViewColumn.Beside });
    void vscode.window.showInformationMessage(`AI Dojo: ${input.id} is ready. Edit it, then run Validate Pack to prove its checks.`, 'Validate Pack').then((p) => {
      if (p) void vscode.commands.executeCommand('aiDojo.validatePack', { packDir: input.packDir });
    });
  }
  return lessonDir;
}

async function ask(c: Container): Promise<NewLessonArgs | undefined> {
  const packDir = await pickPack(c, 'AI Dojo: New Lesson (1/4): which pack?', false);
  if (!packDir) return undefined;
  const kind = await vscode.window.showQuickPick(
    [
      { label: '$(code) Code lesson', detail: 'The learner implements functions in TypeScript; checks call them.', lessonKind: 'code' as const },
      { label: '$(comment-discussion) Prompt lesson', detail: 'The learner edits a .prompty file; cases run on their model.', lessonKind: 'prompt' as const },
    ],
    { title: 'AI Dojo: New Lesson (2/4): what kind?' },
  );
  if (!kind) return undefined;
  const id = await vscode.window.showInputBox({ title: 'AI Dojo: New Lesson (3/4): lesson id', prompt: '<track>/<name>, e.g. team/our-retriever', validateInput: (v) => lessonIdProblem(v.trim()), ignoreFocusOut: true });
  if (!id) return undefined;
  const title = await vscode.window.showInputBox({ title: 'AI Dojo: New Lesson (4/4): title', prompt: 'What the Lessons tree shows', validateInput: (v) => (v.trim() ? undefined : 'Give the lesson a title.'), ignoreFocusOut: true });
  if (!title) return undefined;
  return { packDir, id: id.trim(), title: title.trim(), kind: kind.lessonKind };
}
