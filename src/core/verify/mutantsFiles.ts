// Which files of a reference solution `verify --mutants` mutates: only what the learner writes.
// A harness the learner gets unchanged (its starter copy is the solution's) or a helper that is
// not among the lesson's files is the author's code: a mutant of it is no mistake a learner can
// make, and counting it would pull the score of the learner's part up or down.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Lesson } from '../lessons/model';
import { isMutable } from './mutantsGenerate';

export interface MutationFiles {
  /** The learner's files to mutate, as the lesson names them. */
  mutate: string[];
  /** The solution's other files and why each is left alone. */
  skipped: { file: string; reason: string }[];
}

/** Every file under `dir`, relative to it with `/` separators. */
function filesUnder(dir: string, rel = ''): string[] {
  if (!existsSync(path.join(dir, rel))) return [];
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const name = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, name) : e.isFile() ? [name] : [];
  });
}

/** The same text, ignoring line-end style (a checkout may turn \n into \r\n in one copy only). */
function sameText(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return false;
  const norm = (p: string) => readFileSync(p, 'utf8').replace(/\r\n?/g, '\n');
  return norm(a) === norm(b);
}

export function mutationFiles(lesson: Lesson): MutationFiles {
  const solution = path.join(lesson.dir, 'solution');
  const starter = path.join(lesson.dir, 'starter');
  const learner = new Set(lesson.files.map((f) => f.replace(/\\/g, '/')));
  const skipped: MutationFiles['skipped'] = [];
  const mutate: string[] = [];
  for (const file of lesson.files) {
    if (!isMutable(file)) skipped.push({ file, reason: 'no code to mutate' });
    else if (sameText(path.join(solution, file), path.join(starter, file))) skipped.push({ file, reason: 'given to the learner unchanged (same as starter/)' });
    else mutate.push(file);
  }
  for (const file of filesUnder(solution)) {
    if (!learner.has(file)) skipped.push({ file, reason: 'not a learner file (not in lesson.json `files`)' });
  }
  return { mutate, skipped };
}
