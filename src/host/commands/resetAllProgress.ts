import * as vscode from 'vscode';
import type { Container } from '../container';
import { confirm, type ConfirmOptions } from './resolveLesson';

/** Forgets every lesson's progress (after asking). The learner's lesson files are not touched. */
export async function resetAllProgress(c: Container, opts?: ConfirmOptions): Promise<boolean> {
  await c.ready;
  const ok = await confirm(
    opts,
    'Reset all AI Dojo progress?',
    'Every lesson goes back to not started: statuses, attempts, best scores and hints are forgotten, also on machines that sync settings. Your lesson files are not touched. Run Export Progress… first to keep a copy.',
    'Reset All Progress',
  );
  if (!ok) return false;
  const store = c.service.store;
  const n = Object.keys(store.all()).length;
  await store.replaceAll({});
  c.service.progressChanged();
  c.log.info(`Reset all progress (${n} lesson record(s) cleared; lesson files untouched).`);
  void vscode.window.showInformationMessage('AI Dojo: all progress was reset. Your lesson files are unchanged.');
  return true;
}
