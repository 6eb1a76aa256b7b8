import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Usage } from '../model/types';

/** A model answer as cached: enough to grade it again without calling the model. */
export interface CachedResponse {
  text: string;
  model: string;
  usage?: Usage;
  latencyMs: number;
  finishReason?: string;
}

/**
 * Model responses on disk, keyed by everything that shapes the answer (endpoint, model,
 * messages, parameters). Only deterministic requests (temperature 0) are cached.
 */
export class ResponseCache {
  constructor(private readonly dir: string) {}

  static key(request: unknown): string {
    return createHash('sha256').update(JSON.stringify(request)).digest('hex');
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.dir, `${key}.json`), 'utf8')) as CachedResponse;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: CachedResponse): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    // Write then rename: a crash mid-write never leaves a half entry behind.
    const tmp = path.join(this.dir, `${key}.${process.pid}.tmp`);
    await fs.writeFile(tmp, JSON.stringify(value));
    await fs.rename(tmp, path.join(this.dir, `${key}.json`));
  }

  /** Removes every entry; returns how many there were. */
  async clear(): Promise<number> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(names.map((n) => fs.rm(path.join(this.dir, n), { force: true })));
    return names.filter((n) => n.endsWith('.json')).length;
  }
}
