import * as os from 'node:os';
import * as vscode from 'vscode';
import { exportProgress as toExport } from '../../core/progress/exportImport';
import type { Container } from '../container';

/** Tests pass the file to skip the dialog. */
export interface ProgressFileOptions {
  file?: string;
}

/** Where the file dialogs start: the first workspace folder, else the home folder. */
export function progressFileFolder(): vscode.Uri {
  return vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
}

export function fileArg(opts: unknown): vscode.Uri | undefined {
  const file = opts && typeof opts === 'object' ? (opts as ProgressFileOptions).file : undefined;
  return typeof file === 'string' && file ? vscode.Uri.file(file) : undefined;
}

/** Writes every lesson's progress to a JSON file the learner picks. Returns its path, or undefined when cancelled. */
export async function exportProgress(c: Container, opts?: ProgressFileOptions): Promise<string | undefined> {
  await c.ready;
  const uri =
    fileArg(opts) ??
    (await vscode.window.showSaveDialog({
      title: 'AI Dojo: Export Progress',
      defaultUri: vscode.Uri.joinPath(progressFileFolder(), 'ai-dojo-progress.json'),
      filters: { 'AI Dojo progress': ['json'] },
      saveLabel: 'Export',
    }));
  if (!uri) return undefined;
  // Where the file comes from, so a team report can tell extension and pack versions apart.
  const source = { extensionVersion: String(c.context.extension.packageJSON.version), packs: c.service.catalog.packs.map((p) => ({ id: p.id, version: p.version })) };
  const doc = toExport(c.service.store.all(), (key) => c.service.catalog.get(key)?.title, new Date(), source);
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(doc, null, 2) + '\n'));
  } catch (e) {
    throw new Error(`Could not write ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const n = doc.lessons.length;
  c.log.info(`Exported progress for ${n} lesson(s) to ${uri.fsPath}.`);
  void vscode.window.showInformationMessage(`AI Dojo: exported progress for ${n} lesson${n === 1 ? '' : 's'} to ${uri.fsPath}.`, 'Open').then((p) => {
    if (p) void vscode.window.showTextDocument(uri);
  });
  return uri.fsPath;
}
