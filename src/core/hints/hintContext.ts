// Gathers what a hint request needs from the pack and the learner's folder. Pack files are read
// inside the pack only (as every pack path is); a file that cannot be read is left out, not fatal.
import * as path from 'node:path';
import type { FilePort } from '../lessons/files';
import type { Lesson } from '../lessons/model';
import { failedChecks } from '../feedback/outcomes';
import { FILE_MAX_BYTES, packBounds, readPackText } from '../lessons/packFiles';
import type { RunResult } from '../runner/result';
import type { HintContext, HintFile } from './hintPrompt';

/** Most bytes of a learner file read for a hint (the request clips it further). */
const LEARNER_FILE_MAX_BYTES = 1024 * 1024;

export interface HintSources {
  files: FilePort;
  learnerDir: string;
  /** The learner's text of a file when it is open with unsaved changes: the hint is about what they see. */
  openText?(absPath: string): string | undefined;
  lastRun?: RunResult;
}

/** The hint request's context, plus the starter files (shown to the learner, so never guarded). */
export async function loadHintContext(lesson: Lesson, src: HintSources): Promise<HintContext & { starter: HintFile[] }> {
  const bounds = packBounds(src.files, lesson.packDir ?? lesson.dir);
  const packText = async (rel: string): Promise<string | undefined> => {
    const r = await bounds.resolve(lesson.dir, rel);
    return r.ok ? readPackText(src.files, r.path, FILE_MAX_BYTES, r.stat).catch(() => undefined) : undefined;
  };
  const packFiles = async (folder: string): Promise<HintFile[]> =>
    (await Promise.all(lesson.files.map(async (name) => ({ name, text: await packText(`${folder}/${name}`) })))).filter((f): f is HintFile => f.text !== undefined);
  const learnerFiles = await Promise.all(
    lesson.files.map(async (name): Promise<HintFile> => {
      const abs = path.join(src.learnerDir, name);
      const open = src.openText?.(abs);
      if (open !== undefined) return { name, text: open };
      const text = await readPackText(src.files, abs, LEARNER_FILE_MAX_BYTES).catch(() => '(this file is missing or cannot be read)');
      return { name, text };
    }),
  );
  return {
    title: lesson.title,
    instructions: (await packText(lesson.instructions)) ?? lesson.summary,
    learnerFiles,
    failing: src.lastRun ? failingChecks(src.lastRun) : undefined,
    reference: await packFiles('solution'),
    starter: await packFiles('starter'),
  };
}

/** The last run's failures with their reasons, named as the panel names them, after why the run stopped early. */
export function failingChecks(run: RunResult): { name: string; reason: string }[] {
  const stopped = run.message && run.outcome !== 'passed' && run.outcome !== 'failed' ? [{ name: `the run (${run.outcome})`, reason: run.message }] : [];
  return [...stopped, ...failedChecks(run)];
}
