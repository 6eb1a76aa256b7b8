import * as path from 'node:path';
import type { FilePort } from './files';
import { loadPack, PACK_MANIFEST, type PackLoadResult } from './loader';
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
    const results = await Promise.all(packDirs.map((d) => loadPackGuarded(d, files)));
    const packs: Pack[] = [];
    const problems: Problem[] = [];
    const failedPacks: FailedPack[] = [];
    const byId = new Map<string, Pack>();
    for (const [i, r] of results.entries()) {
      const dir = packDirs[i];
      const manifestFile = path.join(dir, PACK_MANIFEST);
      const first = r.pack && byId.get(r.pack.id);
      if (r.pack && first) {
        // The first one stays (built-in packs come first): a workspace cannot shadow a pack's lessons or progress.
        const dup: Problem = {
          file: manifestFile,
          field: 'id',
          message: `id: "${r.pack.id}" is already the id of the pack in ${first.dir}; this pack is not loaded. Give one of them another id (lesson keys and progress use it).`,
          line: 0,
          column: 0,
        };
        problems.push(dup);
        failedPacks.push({ dir, manifestFile, problems: [dup] });
        continue;
      }
      problems.push(...r.problems);
      if (r.pack) {
        packs.push(r.pack);
        byId.set(r.pack.id, r.pack);
      } else failedPacks.push({ dir, manifestFile, problems: r.problems });
    }
    giveSharedIdsTheirOwnFolders(packs);
    return new Catalog(packs, problems, failedPacks);
  }
}

/**
 * Two packs may both have a lesson `rag/chunker`; the learner's files are kept by lesson id, so
 * the later pack's lesson (built-in packs come first) gets a folder of its own rather than
 * opening the other one's files. Lessons whose id is theirs alone keep `<root>/<id>`.
 */
function giveSharedIdsTheirOwnFolders(packs: readonly Pack[]): void {
  const taken = new Map<string, string>();
  for (const pack of packs) {
    for (const track of pack.tracks) {
      for (const entry of track.entries) {
        if (isBroken(entry)) continue;
        const owner = taken.get(entry.id);
        if (owner === undefined) taken.set(entry.id, pack.id);
        else if (owner !== pack.id) entry.learnerFolder = `@${pack.id}/${entry.id}`;
      }
    }
  }
}

/** One pack's failure of any kind (a parser's stack overflow, an I/O error) fails that pack only. */
async function loadPackGuarded(dir: string, files: FilePort): Promise<PackLoadResult> {
  try {
    return await loadPack(dir, files);
  } catch (e) {
    const message = `Could not load the pack: ${e instanceof Error ? e.message : String(e)}`;
    return { problems: [{ file: path.join(dir, PACK_MANIFEST), field: '', message, line: 0, column: 0 }] };
  }
}
