import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeFiles } from '../../core/lessons/files';
import { SandboxPool } from '../../core/runner/sandboxPool';
import { lessonLine, summaryLine } from '../../core/verify/format';
import type { PackReport } from '../../core/verify/types';
import { verifyPack } from '../../core/verify/verifyPack';
import type { Container } from '../container';
import { readConfig } from '../config';
import { pickPack } from './pickPack';

/**
 * Runs the lesson verifier on a pack (the same as `ai-dojo verify <pack>`): the reference
 * passes, the starter and every wrong solution fail. Problems go to the Problems panel on each
 * lesson's lesson.json, and every lesson's line to the log.
 */
export async function validatePack(c: Container, arg?: { packDir?: string }): Promise<PackReport | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('AI Dojo: Validate Pack runs lesson code, which an untrusted workspace does not allow. Trust the workspace first.', 'Manage Workspace Trust').then((p) => {
      if (p) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return undefined;
  }
  const packDir = arg?.packDir ?? (await pickPack(c, 'AI Dojo: Validate Pack', true));
  if (!packDir) return undefined;
  const config = readConfig();
  const pool = new SandboxPool(c.dist('sandbox.js'));
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `AI Dojo: validating ${path.basename(packDir)}`, cancellable: true },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        c.log.info(`Validate Pack: ${packDir}`);
        return verifyPack(
          packDir,
          { pool, files: nodeFiles, embed: (texts, signal) => c.offline.embed(texts, signal), timeoutMs: Math.max(config.timeoutMs, 30_000), memoryMb: Math.max(config.memoryMb, 512) },
          {
            runs: 1,
            signal: abort.signal,
            onStart: (id, i, n) => progress.report({ message: `${id} (${i + 1}/${n})`, increment: 100 / n }),
            onLesson: (l) => (l.ok ? c.log.info(lessonLine(l)) : c.log.warn(lessonLine(l))),
          },
        );
      },
    );
    c.log.info(summaryLine(report));
    c.validation.show(packDir, report);
    const failed = report.lessons.filter((l) => !l.ok).length;
    const text = `AI Dojo: ${report.lessons.length - failed}/${report.lessons.length} lessons of ${path.basename(packDir)} verified${report.problems.length ? `; ${report.problems[0]}` : ''}.`;
    const show = report.ok ? vscode.window.showInformationMessage(text, 'Open Log') : vscode.window.showWarningMessage(`${text} See the Problems panel.`, 'Open Problems', 'Open Log');
    void show.then((p) => {
      if (p === 'Open Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      else if (p === 'Open Log') c.log.show();
    });
    return report;
  } finally {
    pool.dispose();
  }
}
