import * as path from 'node:path';
import type { FilePort } from './files';
import { loadPack, PACK_MANIFEST } from './loader';
import { isBroken, type Lesson, type Pack, type Problem } from './model';

/** A pack folder whose pack.json could not be read or is invalid: shown with its problems. */
export interface FailedPack {
  dir: string;
  manifestFile: string;
  problems: Problem[];
}

/** Every loaded pack, with the lessons in the order a learner takes them. */
export class Catalog {
  private readonly byKey = new Map<string, Lesson>();
  readonly lessons: readonly Lesson[];

  constructor(
    readonly packs: readonly Pack[],
    readonly problems: readonly Problem[],
    readonly failedPacks: readonly FailedPack[] = [],
  ) {
    const ordered: Lesson[] = [];
    for (const p of packs) for (const t of p.tracks) for (const e of t.entries) if (!isBroken(e)) ordered.push(e);
    this.lessons = ordered;
    for (const l of ordered) this.byKey.set(l.key, l);
  }

  get(key: string): Lesson | undefined {
    return this.byKey.get(key);
  }

  /** Finds by key, or by bare lesson id when it is unique. */
  find(keyOrId: string): Lesson | undefined {
    return this.byKey.get(keyOrId) ?? this.lessons.find((l) => l.id === keyOrId);
  }

  next(key: string): Lesson | undefined {
    const i = this.lessons.findIndex((l) => l.key === key);
    return i >= 0 ? this.lessons[i + 1] : undefined;
  }

  static async load(packDirs: readonly string[], files: FilePort): Promise<Catalog> {
    const results = await Promise.all(packDirs.map((d) => loadPack(d, files)));
    return new Catalog(
      results.flatMap((r) => (r.pack ? [r.pack] : [])),
      results.flatMap((r) => r.problems),
      results.flatMap((r, i) => (r.pack ? [] : [{ dir: packDirs[i], manifestFile: path.join(packDirs[i], PACK_MANIFEST), problems: r.problems }])),
    );
  }
}
