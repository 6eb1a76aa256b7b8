import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isInside } from '../../core/workspace/learnerFiles';
import { readConfig } from '../config';

/** Where a workspace keeps its own pack: `<workspace folder>/.ai-dojo/pack.json`. */
export const WORKSPACE_PACK_DIR = '.ai-dojo';

/**
 * Every place lesson packs come from, in order: the built-in course, each workspace folder's
 * `.ai-dojo/` pack, the folders in `aiDojo.lessonPacks`, and packs other extensions register
 * through the API. Fires `onDidChange` (debounced) when any of them changes on disk, a setting
 * or a registration changes, or workspace folders come and go.
 */
export class PackSources implements vscode.Disposable {
  private readonly registered = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly builtIn: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('aiDojo.lessonPacks')) this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
      // Saves in the editor directly: file watchers can miss a write that follows a create closely.
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc.uri.scheme === 'file' && this.watchedDirs().some((d) => isInside(d, doc.uri.fsPath))) this.fire();
      }),
    );
    this.watch();
  }

  /** Pack folders to load now (workspace packs only when their pack.json exists). */
  dirs(): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const d of [this.builtIn, ...this.workspacePacks().filter((d) => existsSync(path.join(d, 'pack.json'))), ...readConfig().lessonPacks, ...this.registered.keys()]) {
      const key = path.resolve(d);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(key);
      }
    }
    return out;
  }

  /** A pack from another extension; disposing the result removes it again. */
  register(dir: string): vscode.Disposable {
    if (typeof dir !== 'string' || !path.isAbsolute(dir)) throw new Error('registerPack needs the absolute path of a folder with a pack.json.');
    const key = path.resolve(dir);
    this.registered.set(key, (this.registered.get(key) ?? 0) + 1);
    this.log.info(`Lesson pack registered by an extension: ${key}`);
    this.refresh();
    return new vscode.Disposable(() => {
      const n = (this.registered.get(key) ?? 1) - 1;
      if (n > 0) this.registered.set(key, n);
      else this.registered.delete(key);
      this.refresh();
    });
  }

  /** Packs whose files authors edit: the workspace's and the setting's. */
  private watchedDirs(): string[] {
    return [...this.workspacePacks(), ...readConfig().lessonPacks];
  }

  private workspacePacks(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => path.join(f.uri.fsPath, WORKSPACE_PACK_DIR));
  }

  /**
   * Watches setting packs, and each workspace folder's `.ai-dojo/` (from the folder's root, so a
   * pack that does not exist yet is seen when it appears). Not the built-in or registered packs:
   * they ship with an extension.
   */
  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const patterns = [
      ...readConfig().lessonPacks.map((dir) => new vscode.RelativePattern(vscode.Uri.file(dir), '**/*')),
      ...(vscode.workspace.workspaceFolders ?? []).map((f) => new vscode.RelativePattern(f, `${WORKSPACE_PACK_DIR}/**`)),
    ];
    const fire = (u: vscode.Uri) => {
      this.log.trace(`Lesson pack file changed: ${u.fsPath}`);
      this.fire();
    };
    for (const pattern of patterns) {
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      this.watchers.push(w, w.onDidCreate(fire), w.onDidDelete(fire), w.onDidChange(fire));
    }
  }

  private refresh(): void {
    this.watch();
    this.fire();
  }

  /** Editors save in bursts (and pack authors save many files): reload once things settle. */
  private fire(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.log.info('Lesson packs changed: reloading.');
      this.changed.fire();
    }, 300);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
    this.changed.dispose();
  }
}
