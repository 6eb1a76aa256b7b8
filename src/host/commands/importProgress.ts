import * as path from 'node:path';
import * as vscode from 'vscode';
import { mergeProgress, parseProgressExport } from '../../core/progress/exportImport';
import type { Container } from '../container';
import { fileArg, progressFileFolder, type ProgressFileOptions } from './exportProgress';

/** Far above any real export (10,000 lessons are about 1.5 MB); reading more would only stall the editor. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ImportResult = { ok: true; file: string; lessons: number } | { ok: false; file: string; error: string };

/**
 * Reads a file written by Export Progress and merges it into the current progress, never
 * lowering anything. A bad file is reported by field and changes nothing. Undefined when cancelled.
 */
export async function importProgress(c: Container, opts?: ProgressFileOptions): Promise<ImportResult | undefined> {
  await c.ready;
  const uri =
    fileArg(opts) ??
    (
      await vscode.window.showOpenDialog({
        title: 'AI Dojo: Import Progress',
        defaultUri: progressFileFolder(),
        filters: { 'AI Dojo progress': ['json'] },
        canSelectMany: false,
        openLabel: 'Import',
      })
    )?.[0];
  if (!uri) return undefined;
  const file = uri.fsPath;
  const fail = (error: string): ImportResult => {
    c.log.warn(`Import of ${file} refused, nothing changed: ${error}`);
    void vscode.window.showErrorMessage(`AI Dojo: could not import ${path.basename(file)}: ${error}`);
    return { ok: false, file, error };
  };
  let bytes: Uint8Array;
  try {
    const { size } = await vscode.workspace.fs.stat(uri);
    if (size > MAX_IMPORT_BYTES) return fail(`the file is ${(size / 1024 / 1024).toFixed(1)} MB; a progress file is well under ${MAX_IMPORT_BYTES / 1024 / 1024} MB (about 150 bytes a lesson). Pick the file Export Progress wrote.`);
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    return fail(`cannot read the file (${e instanceof Error ? e.message : String(e)}).`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('the file is not UTF-8 text. Pick the file Export Progress wrote.');
  }
  const parsed = parseProgressExport(text);
  if (!parsed.ok) return fail(parsed.error);

  // Parse and merge are linear (10,000 lessons take well under a second); the store is written once.
  const store = c.service.store;
  await store.replaceAll(mergeProgress(store.all(), parsed.progress));
  c.service.progressChanged();
  const unknown = Object.keys(parsed.progress).filter((k) => !c.service.catalog.get(k)).length;
  c.log.info(`Imported progress for ${parsed.lessons} lesson(s) from ${file}${unknown ? `; ${unknown} of them are not in the loaded lesson packs and are kept for when they are` : ''}.`);
  void vscode.window.showInformationMessage(`AI Dojo: Imported progress for ${parsed.lessons} lesson${parsed.lessons === 1 ? '' : 's'}.`);
  return { ok: true, file, lessons: parsed.lessons };
}
