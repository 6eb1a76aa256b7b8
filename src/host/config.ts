import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The settings this extension reads, with their defaults applied and paths resolved. */
export interface DojoConfig {
  /** Where the learner's lesson files go (one sub-folder per lesson). */
  learnerRoot: string;
  timeoutMs: number;
  memoryMb: number;
  /** Extra lesson pack folders. */
  lessonPacks: string[];
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

export function readConfig(): DojoConfig {
  const c = vscode.workspace.getConfiguration('aiDojo');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
  // `~/x`, an absolute path, or a path relative to the first workspace folder (else the home folder).
  const resolve = (p: string) => {
    const expanded = p.trim().replace(/^~(?=$|[\\/])/, os.homedir());
    return path.isAbsolute(expanded) ? expanded : path.join(folder, expanded);
  };
  const packs = c.get<unknown[]>('lessonPacks') ?? [];
  return {
    learnerRoot: resolve((c.get<string>('workspaceFolder') ?? '').trim() || 'ai-dojo'),
    timeoutMs: Math.round(clamp(c.get<number>('checks.timeoutSeconds') ?? 10, 1, 300) * 1000),
    memoryMb: Math.round(clamp(c.get<number>('checks.memoryLimitMb') ?? 256, 32, 4096)),
    lessonPacks: packs.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map(resolve),
  };
}
