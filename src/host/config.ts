import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The settings this extension reads, with their defaults applied. */
export interface DojoConfig {
  learnerRoot: string;
  timeoutMs: number;
  memoryMb: number;
}

export function readConfig(): DojoConfig {
  const c = vscode.workspace.getConfiguration('aiDojo');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const setting = (c.get<string>('workspaceFolder') ?? '').trim().replace(/^~(?=$|[\\/])/, os.homedir());
  const learnerRoot = setting
    ? path.isAbsolute(setting)
      ? setting
      : path.join(folder ?? os.homedir(), setting)
    : path.join(folder ?? os.homedir(), 'ai-dojo');
  return {
    learnerRoot,
    timeoutMs: Math.round(Math.min(300, Math.max(1, c.get<number>('checks.timeoutSeconds') ?? 10)) * 1000),
    memoryMb: Math.round(Math.min(4096, Math.max(32, c.get<number>('checks.memoryLimitMb') ?? 256))),
  };
}
