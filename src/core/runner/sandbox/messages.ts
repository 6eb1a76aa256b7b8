import type { CheckSpec } from '../../lessons/schema';
import type { CheckInput, CheckOutcome } from '../../checks/types';

/** Parent -> sandbox: run these checks (fixtures already resolved) against the learner's module. */
export interface SandboxRunRequest {
  type: 'run';
  entryPath: string;
  /** Learner files under this folder are transpiled (TypeScript and ES modules); also the working directory. */
  learnerDir: string;
  /** Unsaved editor text by absolute path; used instead of the file on disk. */
  sources: Record<string, string>;
  defaultCall?: string;
  checks: CheckSpec[];
  /** Per check: the URL of its scripted model server, whose recorded requests it grades. */
  serverUrls?: (string | null)[];
  maxLogChars: number;
}

/**
 * Parent -> sandbox: grade outputs that already exist (prompt lessons). Graded here, not in the
 * editor, because a lesson's `javascript` checks are code from the lesson pack.
 */
export interface SandboxGradeRequest {
  type: 'grade';
  items: { spec: CheckSpec; input: CheckInput }[];
}

/** Parent -> sandbox: the answer to an `ai` call the learner's code made. */
export interface SandboxAiResult {
  type: 'aiResult';
  id: number;
  result?: unknown;
  error?: string;
}

export type SandboxRequest = SandboxRunRequest | SandboxGradeRequest | SandboxAiResult;

/** What learner code can ask of the model through `import { ai } from 'ai-dojo'`. */
export type AiCall = { op: 'embed'; texts: string[] } | { op: 'chat'; messages: { role: 'system' | 'user' | 'assistant'; content: string }[]; temperature?: number; maxTokens?: number };

/** Sandbox -> parent. `index` is the check's position in the request. */
export type SandboxEvent =
  | { type: 'start'; index: number }
  | { type: 'log'; index: number | null; stream: 'log' | 'error'; text: string }
  | { type: 'result'; index: number; outcome: CheckOutcome; durationMs: number }
  | { type: 'loadError'; message: string }
  | { type: 'ai'; id: number; call: AiCall }
  | { type: 'done' };
