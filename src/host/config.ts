import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Price } from '../core/prices';

/** The settings this extension reads, with their defaults applied and paths resolved. */
export interface DojoConfig {
  /** Where the learner's lesson files go (one sub-folder per lesson). */
  learnerRoot: string;
  timeoutMs: number;
  memoryMb: number;
  /** Extra lesson pack folders. */
  lessonPacks: string[];
  /** The npm that installs lesson dependencies. */
  npm: string;
  model: ModelSettings;
}

export interface ModelSettings {
  /** A preset id, 'vscode-lm', or '' when nothing is configured. */
  provider: string;
  baseUrl: string;
  chatModel: string;
  embeddingModel: string;
  temperature: number;
  timeoutMs: number;
  concurrency: number;
  maxRetries: number;
  prices: Record<string, Price>;
  /** USD a prompt run may spend; undefined: no cap (the setting is 0). */
  spendCapUsd?: number;
}

/** Keeps the entries of the prices setting that are numbers where numbers belong. */
function validPrices(raw: unknown): Record<string, Price> {
  if (!raw || typeof raw !== 'object') return {};
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  return Object.fromEntries(
    Object.entries(raw as Record<string, Partial<Price>>).filter(([, p]) => p && ok(p.input) && ok(p.output) && (p.cachedInput === undefined || ok(p.cachedInput))),
  ) as Record<string, Price>;
}

/** A positive finite cap, else none (0, the default, means no cap). */
function spendCap(raw: unknown): { spendCapUsd?: number } {
  return typeof raw === 'number' && Number.isFinite(raw) && raw > 0 ? { spendCapUsd: raw } : {};
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
    npm: (c.get<string>('npmPath') ?? '').trim() || 'npm',
    model: {
      provider: (c.get<string>('model.provider') ?? '').trim(),
      baseUrl: (c.get<string>('model.baseUrl') ?? '').trim().replace(/\/+$/, ''),
      chatModel: (c.get<string>('model.chatModel') ?? '').trim(),
      embeddingModel: (c.get<string>('model.embeddingModel') ?? '').trim(),
      temperature: clamp(c.get<number>('model.temperature') ?? 0, 0, 2),
      timeoutMs: Math.round(clamp(c.get<number>('model.requestTimeoutSeconds') ?? 60, 1, 600) * 1000),
      concurrency: Math.round(clamp(c.get<number>('model.concurrency') ?? 4, 1, 32)),
      maxRetries: Math.round(clamp(c.get<number>('model.maxRetries') ?? 2, 0, 8)),
      prices: validPrices(c.get<unknown>('model.prices')),
      ...spendCap(c.get<unknown>('model.spendCapUsd')),
    },
  };
}
