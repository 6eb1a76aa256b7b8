import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { nodeFiles } from '../lessons/files';
import type { Lesson } from '../lessons/model';
import { isWithin, resolveInside } from '../lessons/packFiles';

/**
 * The learner's folder for a lesson: `<root>/<lesson id>` (e.g. `ai-dojo/rag/chunker`), or
 * `<root>/@<pack id>/<lesson id>` when an earlier pack's lesson has the same id (see Catalog).
 */
export function learnerDirFor(root: string, lesson: Pick<Lesson, 'id' | 'learnerFolder'>): string {
  return path.join(root, ...(lesson.learnerFolder ?? lesson.id).split('/'));
}

/** True when `file` lies inside `dir` (not `dir` itself, not a sibling, not another drive). */
export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** True when something is at `p`, a dangling symlink included (fs.access would follow it and say no). */
async function present(p: string): Promise<boolean> {
  return fs.lstat(p).then(() => true, () => false);
}

/**
 * The real path of each starter file, refusing any that is missing, not a file, or a symlink
 * leading outside the pack: Open Lesson runs in untrusted workspaces, and whatever is copied
 * lands in the learner's folder.
 */
async function starterSources(lesson: Lesson): Promise<Map<string, string>> {
  // Lessons built by hand (tests) may lack packDir: then the lesson folder is the bound.
  const packDir = lesson.packDir ?? lesson.dir;
  const out = new Map<string, string>();
  for (const f of lesson.files) {
    const r = await resolveInside(nodeFiles, packDir, lesson.dir, `starter/${f}`);
    if (!r.ok) throw new Error(`Cannot copy the starter of ${lesson.id}: ${r.message}`);
    if (!(await fs.stat(r.path)).isFile()) throw new Error(`Cannot copy the starter of ${lesson.id}: starter/${f} is not a file.`);
    out.set(f, r.path);
  }
  return out;
}

/** Makes the target's folder and refuses one that a symlink leads out of the learner's folder. */
async function targetFolder(learnerDir: string, target: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const [root, real] = await Promise.all([fs.realpath(learnerDir), fs.realpath(path.dirname(target))]);
  if (!isWithin(root, real)) throw new Error(`${path.dirname(target)} leads outside ${learnerDir} (to ${real}): remove that link, then open the lesson again.`);
}

/** Copies a starter file; never writes through a link or over a file (COPYFILE_EXCL). */
async function copyStarter(source: string, learnerDir: string, target: string): Promise<void> {
  await targetFolder(learnerDir, target);
  await fs.copyFile(source, target, fsConstants.COPYFILE_EXCL);
}

/**
 * Copies the starter files that are not there yet. Never overwrites: what the learner wrote
 * is theirs. Returns the absolute paths of the learner's files.
 */
export async function ensureLearnerFiles(lesson: Lesson, learnerDir: string): Promise<{ files: string[]; created: string[] }> {
  const sources = await starterSources(lesson);
  const created: string[] = [];
  const files: string[] = [];
  for (const f of lesson.files) {
    const target = path.join(learnerDir, f);
    files.push(target);
    if (await present(target)) continue;
    await fs.mkdir(learnerDir, { recursive: true });
    await copyStarter(sources.get(f) as string, learnerDir, target);
    created.push(target);
  }
  return { files, created };
}

/**
 * Moves the learner's current files to `.backup/<timestamp>/` inside their lesson folder, then
 * copies the starter again. Returns the backup folder (undefined when there was nothing to keep).
 * A file that is a symlink is moved as the link: nothing is read or written through it.
 */
export async function resetLearnerFiles(lesson: Lesson, learnerDir: string, now = new Date()): Promise<string | undefined> {
  const sources = await starterSources(lesson);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const backup = path.join(learnerDir, '.backup', stamp);
  let kept = false;
  for (const f of lesson.files) {
    const current = path.join(learnerDir, f);
    if (!(await present(current))) continue;
    await fs.mkdir(path.dirname(path.join(backup, f)), { recursive: true });
    await fs.rename(current, path.join(backup, f));
    kept = true;
  }
  await fs.mkdir(learnerDir, { recursive: true });
  for (const f of lesson.files) await copyStarter(sources.get(f) as string, learnerDir, path.join(learnerDir, f));
  return kept ? backup : undefined;
}
