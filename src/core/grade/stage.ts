// A learner's lesson folder copied to a temporary one before it runs: the run may write files,
// and the editor's own behaviour (a missing starter file is copied in) must not touch the checkout.
import { cpSync, lstatSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Lesson } from '../lessons/model';
import { ensureLearnerFiles } from '../workspace/learnerFiles';

/** Not part of the attempt: Reset Lesson's backups, installed packages (linked in from the cache instead). */
const SKIP = new Set(['.backup', 'node_modules']);

export interface Staged {
  dir: string;
  /** Symlinks left out (they could lead outside the folder). */
  skipped: string[];
  dispose(): void;
}

/** True when the folder holds at least one of the lesson's files: the learner has started it. */
export function attempted(lesson: Lesson, learnerDir: string): boolean {
  return lesson.files.some((f) => {
    try {
      return lstatSync(path.join(learnerDir, f)).isFile();
    } catch {
      return false;
    }
  });
}

export async function stageAttempt(lesson: Lesson, learnerDir: string, nodeModules?: string): Promise<Staged> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-grade-'));
  const skipped: string[] = [];
  try {
    for (const name of readdirSync(learnerDir)) {
      if (SKIP.has(name)) continue;
      cpSync(path.join(learnerDir, name), path.join(dir, name), {
        recursive: true,
        filter: (src) => {
          if (!lstatSync(src).isSymbolicLink()) return true;
          skipped.push(path.relative(learnerDir, src));
          return false;
        },
      });
    }
    // As Run Checks does: a lesson file the learner never created is the starter.
    await ensureLearnerFiles(lesson, dir);
    if (nodeModules) symlinkSync(nodeModules, path.join(dir, 'node_modules'), 'junction');
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, skipped, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
