import * as path from 'node:path';
import * as vscode from 'vscode';
import { dependencyLabel, NPM_INSTALL_ARGS, writePackageJson } from '../../core/deps/lessonDeps';
import type { Container } from '../container';
import { readConfig } from '../config';
import { Commands } from './ids';
import { requireLesson } from './resolveLesson';

export interface InstallOutcome {
  exitCode: number | undefined;
  /** name@version still missing afterwards (empty when the install worked). */
  missing: string[];
}

export const TASK_TYPE = 'aiDojo';

/**
 * Installs a lesson's npm dependencies into its folder, as in any project: writes package.json
 * (exact versions) and runs the user's `npm install` as a VS Code task, so its output is in a
 * terminal the learner can read. Install scripts are skipped.
 */
export async function installDependencies(c: Container, arg?: unknown): Promise<InstallOutcome | undefined> {
  const lesson = requireLesson(c.service, arg);
  if (!lesson) return undefined;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('AI Dojo: installing packages runs npm, which an untrusted workspace does not allow. Trust the workspace first.', 'Manage Workspace Trust').then((p) => {
      if (p) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return undefined;
  }
  const deps = lesson.dependencies ?? {};
  if (!Object.keys(deps).length) {
    void vscode.window.showInformationMessage(`AI Dojo: “${lesson.title}” needs no npm packages.`);
    return { exitCode: 0, missing: [] };
  }
  const dir = c.service.learnerDir(lesson);
  await c.service.prepare(lesson);
  await writePackageJson(dir, deps, lesson.id);
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir)) ?? vscode.workspace.workspaceFolders?.[0];
  const task = new vscode.Task(
    { type: TASK_TYPE, lesson: lesson.key },
    folder ?? vscode.TaskScope.Workspace,
    `Install dependencies: ${lesson.title}`,
    'AI Dojo',
    new vscode.ShellExecution(readConfig().npm, NPM_INSTALL_ARGS, { cwd: dir }),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, showReuseMessage: false };
  c.log.info(`Installing ${Object.entries(deps).map(([name, version]) => dependencyLabel({ name, version })).join(', ')} into ${dir} (npm ${NPM_INSTALL_ARGS.join(' ')}).`);

  const exitCode = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `AI Dojo: installing packages for “${lesson.title}” (see the terminal)`, cancellable: true },
    async (_progress, token) => {
      const execution = await vscode.tasks.executeTask(task);
      return new Promise<number | undefined>((resolve) => {
        const subs = [
          vscode.tasks.onDidEndTaskProcess((e) => {
            if (e.execution !== execution) return;
            subs.forEach((s) => s.dispose());
            resolve(e.exitCode);
          }),
          token.onCancellationRequested(() => execution.terminate()),
        ];
      });
    },
  );
  const missing = (await c.service.missingDependencies(lesson)).map(dependencyLabel);
  c.service.lessonChanged(lesson.key);
  if (missing.length) {
    c.log.warn(`npm install for ${lesson.key} ended with exit code ${exitCode}; still missing: ${missing.join(', ')}.`);
    void vscode.window.showErrorMessage(`AI Dojo: npm install did not install ${missing.join(', ')} (exit code ${exitCode ?? 'none'}). The terminal shows npm's output; check your network or npm registry settings, then try again.`, 'Try Again').then((p) => {
      if (p) void vscode.commands.executeCommand(Commands.installDependencies, lesson.key);
    });
  } else {
    c.log.info(`Installed the dependencies of ${lesson.key} in ${path.basename(dir)}.`);
    void vscode.window.showInformationMessage(`AI Dojo: packages installed for “${lesson.title}”.`, 'Run Checks').then((p) => {
      if (p) void vscode.commands.executeCommand(Commands.runChecks, lesson.key);
    });
  }
  return { exitCode, missing };
}
