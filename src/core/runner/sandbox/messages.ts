import type { CheckSpec } from '../../lessons/schema';
import type { CheckInput, CheckOutcome } from '../../checks/types';
import type { CodeLocation } from '../result';

// Two roles share one bundle (dist/sandbox.js), chosen by its first argument:
// - `learner`: loads the learner's module and calls its functions when asked. It never sees a
//   check, an expected value or a grade: everything it sends back is untrusted data.
// - `grader`: grades outputs with pure check kinds. It never loads learner code.

/** Parent -> learner: load the module (once). */
export interface LearnerLoadRequest {
  type: 'load';
  entryPath: string;
  /** Learner files under this folder are transpiled (TypeScript and ES modules); also the working directory. */
  learnerDir: string;
  /** Unsaved editor text by absolute path; used instead of the file on disk. */
  sources: Record<string, string>;
  maxLogChars: number;
}

/** Parent -> learner: call one exported function; the answer carries the same id. */
export interface LearnerCallRequest {
  type: 'call';
  id: number;
  fn: string;
  args: unknown[];
  /** Math.random is seeded from it for the call, so a check gives the same result on every run. */
  seed: number;
}

/** Parent -> learner: the answer to an `ai` call the learner's code made. */
export interface SandboxAiResult {
  type: 'aiResult';
  id: number;
  result?: unknown;
  error?: string;
}

export type LearnerRequest = LearnerLoadRequest | LearnerCallRequest | SandboxAiResult;

/** What learner code can ask of the model through `import { ai } from 'ai-dojo'`. */
export type AiCall = { op: 'embed'; texts: string[] } | { op: 'chat'; messages: { role: 'system' | 'user' | 'assistant'; content: string }[]; temperature?: number; maxTokens?: number };

/** Learner -> parent. `call` is the id of the call running when a line was logged. */
export type LearnerEvent =
  | { type: 'ready' }
  | { type: 'loaded'; functions: string[] }
  | { type: 'loadError'; message: string; location?: CodeLocation }
  | { type: 'returned'; id: number; output?: unknown; error?: { message: string; name?: string }; invalid?: string; snapshot?: boolean }
  | { type: 'log'; call: number | null; stream: 'log' | 'error'; text: string }
  | { type: 'ai'; id: number; call: AiCall };

/**
 * Parent -> grader: grade outputs that already exist. Graded there, not in the editor, because
 * a lesson's `javascript` checks are code from the lesson pack.
 */
export interface SandboxGradeRequest {
  type: 'grade';
  batch: number;
  /** `snapshot`: the output holds function markers (see snapshot.ts). */
  items: { spec: CheckSpec; input: CheckInput; snapshot?: boolean }[];
}

/** Grader -> parent. */
export type GraderEvent = { type: 'ready' } | { type: 'graded'; batch: number; outcomes: CheckOutcome[] };
