import type { FilePort } from '../lessons/files';

/** What running a lesson outside the editor needs (the verifier and `ai-dojo grade`). */
export interface LessonRunEnv {
  files: FilePort;
  /** Offline embeddings for code lessons' `ai.embed` (and `similar` without an embedding model). */
  embed: (texts: string[], signal?: AbortSignal) => Promise<number[][]>;
  timeoutMs: number;
  memoryMb: number;
  /** Where lesson dependencies are installed once and reused (see cachedDependencies). */
  depsCache?: string;
  /** Stops code runs (their sandboxes are killed): Ctrl+C. */
  signal?: AbortSignal;
}
