import * as vscode from 'vscode';
import { isBroken, type Lesson } from '../../core/lessons/model';
import type { Container } from '../container';
import { dependencyLabel } from '../../core/deps/lessonDeps';
import { Commands } from './ids';
import { resolveLesson } from './resolveLesson';

const ICON = { 'not-started': '$(circle-large-outline)', 'in-progress': '$(circle-large-filled)', passed: '$(pass-filled)' } as const;

async function pickLesson(c: Container): Promise<Lesson | undefined> {
  type Item = vscode.QuickPickItem & { lesson?: Lesson };
  const items: Item[] = [];
  for (const pack of c.service.catalog.packs) {
    for (const track of pack.tracks) {
      items.push({ label: c.service.catalog.packs.length > 1 ? `${pack.name}: ${track.title}` : track.title, kind: vscode.QuickPickItemKind.Separator });
      for (const e of track.entries) {
        if (isBroken(e)) continue;
        const p = c.service.progress(e.key);
        items.push({ label: `${ICON[p.status]} ${e.title}`, description: `${e.minutes} min · ${e.id}`, detail: e.summary, lesson: e });
      }
    }
  }
  const pick = await vscode.window.showQuickPick(items, { title: 'AI Dojo: Open Lesson', placeHolder: 'Pick a lesson', matchOnDescription: true, matchOnDetail: true });
  return pick?.lesson;
}

/** A lesson that imports npm packages offers to install them when its folder lacks them. */
async function offerInstall(c: Container, lesson: Lesson): Promise<void> {
  const missing = await c.service.missingDependencies(lesson);
  if (!missing.length || !vscode.workspace.isTrusted) return;
  const pick = await vscode.window.showInformationMessage(
    `AI Dojo: “${lesson.title}” uses ${missing.map(dependencyLabel).join(', ')}. Install them into the lesson folder now (npm install)?`,
    'Install',
    'Later',
  );
  if (pick === 'Install') await vscode.commands.executeCommand(Commands.installDependencies, lesson.key);
}

/** Opens a lesson: copies the starter if needed, opens the learner's files and the panel beside them. */
export async function openLesson(c: Container, arg?: unknown): Promise<string | undefined> {
  await c.ready;
  const lesson = arg === undefined ? await pickLesson(c) : resolveLesson(c.service, arg);
  if (!lesson) {
    if (arg !== undefined) void vscode.window.showErrorMessage(`AI Dojo: no lesson "${String(arg)}". Refresh Lessons, or check the Problems panel for packs that failed to load.`);
    return undefined;
  }
  let files: string[];
  try {
    files = await c.service.prepare(lesson);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    c.log.error(`Could not prepare ${lesson.key}: ${msg}`);
    void vscode.window.showErrorMessage(`AI Dojo: could not copy the lesson's files: ${msg}. Check the setting aiDojo.workspaceFolder.`, 'Open Settings').then((p) => {
      if (p) void vscode.commands.executeCommand('workbench.action.openSettings', 'aiDojo.workspaceFolder');
    });
    return undefined;
  }
  for (const [i, f] of files.entries()) {
    await vscode.window.showTextDocument(vscode.Uri.file(f), { viewColumn: vscode.ViewColumn.One, preview: false, preserveFocus: i > 0 });
  }
  c.panel.show(lesson);
  void c.onboarding.mark('openedLesson');
  void offerInstall(c, lesson);
  return lesson.key;
}
