import { fork, type ChildProcess } from 'node:child_process';
import type { EmbedderReply, EmbedderRequest } from './embedderMain';

/**
 * Embeddings with no key and no network: the model shipped with the extension, in a process
 * of its own (started on first use, kept while in use). Vectors are remembered by text, so a
 * corpus is embedded once per session.
 */
export class OfflineEmbedder {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: number[][]) => void; reject: (e: Error) => void }>();
  private readonly memo = new Map<string, number[]>();

  constructor(
    private readonly script: string,
    private readonly modelDir: string,
    private readonly execPath: string = process.execPath,
  ) {}

  static readonly dimensions = 512;

  /** Whether the model's process is up. */
  get running(): boolean {
    return !!this.child && this.child.exitCode === null;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const missing = [...new Set(texts.filter((t) => !this.memo.has(t)))];
    if (missing.length) {
      const vectors = await this.request(missing, signal);
      missing.forEach((t, i) => this.memo.set(t, vectors[i]));
      if (this.memo.size > 20_000) this.memo.clear();
    }
    return texts.map((t) => this.memo.get(t) ?? []);
  }

  private request(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    if (signal?.aborted) return Promise.reject(new Error('Cancelled.'));
    const child = this.process();
    const id = this.nextId++;
    return new Promise<number[][]>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        reject(new Error('Cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (v) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(v);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      child.ref();
      child.send({ id, texts } satisfies EmbedderRequest);
    });
  }

  private process(): ChildProcess {
    if (this.child && this.child.exitCode === null && this.child.connected) return this.child;
    const child = fork(this.script, [this.modelDir], {
      execPath: this.execPath,
      execArgv: ['--max-old-space-size=1024'],
      env: { ELECTRON_RUN_AS_NODE: '1', PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 8000) stderr += d.toString();
    });
    child.on('message', (reply: EmbedderReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if ('error' in reply) p.reject(new Error(`The offline embedding model failed: ${reply.error}`));
      else p.resolve(reply.vectors);
      // Idle: do not keep the parent (a CLI, a test run) alive for this process.
      if (!this.pending.size) child.unref();
    });
    child.on('exit', (code, sig) => {
      if (this.child === child) this.child = undefined;
      const why = new Error(`The offline embedding process stopped (${sig ?? `exit code ${code}`}). ${stderr.trim().split('\n').slice(-2).join(' ')}`.trim());
      for (const p of this.pending.values()) p.reject(why);
      this.pending.clear();
    });
    (child.channel as { unref?(): void } | undefined)?.unref?.();
    this.child = child;
    return child;
  }

  dispose(): void {
    this.child?.kill();
    this.child = undefined;
  }
}
