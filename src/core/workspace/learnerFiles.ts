import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Lesson } from '../lessons/model';

/** The learner's folder for a lesson: `<root>/<lesson id>` (e.g. `ai-dojo/rag/chunker`). */
export function learnerDirFor(root: string, lesson: Lesson): string {
  return path.join(root, ...lesson.id.split('/'));
}

/** True when `file` lies inside `dir` (not `dir` itself, not a sibling, not another drive). */
export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}

/**
 * Copies the starter files that are not there yet. Never overwrites: what the learner wrote
 * is theirs. Returns the absolute paths of the learner's files.
 */
export async function ensureLearnerFiles(lesson: Lesson, learnerDir: string): Promise<{ files: string[]; created: string[] }> {
  const created: string[] = [];
  const files: string[] = [];
  for (const f of lesson.files) {
    const target = path.join(learnerDir, f);
    files.push(target);
    if (await exists(target)) continue;
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.copyFile(path.join(lesson.dir, 'starter', f), target);
    created.push(target);
  }
  return { files, created };
}

/**
 * Moves the learner's current files to `.backup/<timestamp>/` inside their lesson folder, then
 * copies the starter again. Returns the backup folder (undefined when there was nothing to keep).
 */
export async function resetLearnerFiles(lesson: Lesson, learnerDir: string, now = new Date()): Promise<string | undefined> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const backup = path.join(learnerDir, '.backup', stamp);
  let kept = false;
  for (const f of lesson.files) {
    const current = path.join(learnerDir, f);
    if (!(await exists(current))) continue;
    await fs.mkdir(path.dirname(path.join(backup, f)), { recursive: true });
    await fs.copyFile(current, path.join(backup, f));
    kept = true;
  }
  for (const f of lesson.files) {
    const target = path.join(learnerDir, f);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.copyFile(path.join(lesson.dir, 'starter', f), target);
  }
  return kept ? backup : undefined;
}
