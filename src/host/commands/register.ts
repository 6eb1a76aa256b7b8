import * as vscode from 'vscode';
import type { Container } from '../container';
import { Commands } from './ids';
import { nextLesson } from './nextLesson';
import { openLesson } from './openLesson';
import { refreshLessons } from './refreshLessons';
import { resetLesson } from './resetLesson';
import { runChecks } from './runChecks';
import { showHint } from './showHint';
import { askModelHint, cancelModelHint } from './askModelHint';
import { showSolution } from './showSolution';
import { clearModelCache } from './clearModelCache';
import { configureModel } from './configureModel';
import { clearApiKey, setApiKey } from './setApiKey';
import { testModelConnection } from './testModelConnection';
import { exportProgress } from './exportProgress';
import { importProgress } from './importProgress';
import { resetAllProgress } from './resetAllProgress';

import { newLesson } from './newLesson';
import { validatePack } from './validatePack';
import { installDependencies } from './installDependencies';
import { continueLesson } from './continueLesson';

type Handler = (c: Container, ...args: never[]) => unknown;

const handlers: Record<(typeof Commands)[keyof typeof Commands], Handler> = {
  [Commands.openLesson]: openLesson,
  [Commands.runChecks]: runChecks,
  [Commands.showHint]: showHint,
  [Commands.askModelHint]: askModelHint,
  [Commands.cancelModelHint]: cancelModelHint,
  [Commands.showSolution]: showSolution,
  [Commands.resetLesson]: resetLesson,
  [Commands.nextLesson]: nextLesson,
  [Commands.refreshLessons]: refreshLessons,
  [Commands.showLog]: (c) => c.log.show(),
  [Commands.configureModel]: configureModel,
  [Commands.setApiKey]: setApiKey,
  [Commands.clearApiKey]: clearApiKey,
  [Commands.testModelConnection]: testModelConnection,
  [Commands.clearModelCache]: clearModelCache,
  [Commands.exportProgress]: exportProgress,
  [Commands.importProgress]: importProgress,
  [Commands.resetAllProgress]: resetAllProgress,
  [Commands.newLesson]: newLesson,
  [Commands.validatePack]: validatePack,
  [Commands.installDependencies]: installDependencies,
  [Commands.continueLesson]: continueLesson,
  [Commands.toggleWatch]: (c, on?: boolean) => c.watch.toggle(on),
};

/** Registers every command; a failure is logged and shown with a way to the log. */
export function registerCommands(c: Container): vscode.Disposable[] {
  return Object.entries(handlers).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await (handler as (c: Container, ...a: unknown[]) => unknown)(c, ...args);
      } catch (e) {
        c.log.error(`${id} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        void vscode.window.showErrorMessage(`AI Dojo: ${e instanceof Error ? e.message : String(e)}`, 'Open Log').then((p) => {
          if (p) c.log.show();
        });
        return undefined;
      }
    }),
  );
}
