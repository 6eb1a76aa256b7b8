import * as path from 'node:path';
import * as vscode from 'vscode';
import { WORKSPACE_PACK_DIR } from '../packs/packSources';
import type { Container } from '../container';

/**
 * Asks which pack: the loaded ones (the built-in course only when `includeBuiltIn`), and, for
 * authors, a new pack in the workspace's `.ai-dojo/` when there is none yet.
 */
export async function pickPack(c: Container, title: string, includeBuiltIn: boolean): Promise<string | undefined> {
  const builtIn = c.builtInPacks;
  type Item = vscode.QuickPickItem & { dir: string };
  const items: Item[] = c.service.catalog.packs
    .filter((p) => includeBuiltIn || p.dir !== builtIn)
    .map((p) => ({ label: `$(package) ${p.name}`, description: `v${p.version}`, detail: p.dir, dir: p.dir }));
  for (const f of c.service.catalog.failedPacks) items.push({ label: `$(error) ${path.basename(f.dir)}`, description: 'fails to load', detail: f.dir, dir: f.dir });
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  const wsPack = folder && path.join(folder.uri.fsPath, WORKSPACE_PACK_DIR);
  if (!includeBuiltIn && wsPack && !items.some((i) => i.dir === wsPack)) {
    items.push({ label: '$(new-folder) New pack in this workspace', description: `${WORKSPACE_PACK_DIR}/`, detail: wsPack, dir: wsPack });
  }
  if (items.length === 0) {
    void vscode.window.showWarningMessage('AI Dojo: open a folder first: new lessons go into a pack in the workspace (.ai-dojo/).');
    return undefined;
  }
  if (items.length === 1) return items[0].dir;
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick a lesson pack', matchOnDetail: true }))?.dir;
}
