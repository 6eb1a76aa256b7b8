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
  /** The solution's other files (or given parts of a learner file) and why each is left alone. */
  skipped: { file: string; reason: string }[];
  /** Per learner file: 1-based line ranges of top-level code given unchanged in the starter. */
  given: Record<string, [number, number][]>;
}

/** A top-level statement (with the comments and blank lines before the next one). */
interface Block {
  from: number;
  to: number;
  text: string;
}

// A top-level statement starts at column 0 with code, not with a closing bracket or a comment.
const STARTS_BLOCK = /^(?![\s}\])]|\/\/|\/\*|\*)\S/;

/** The file's top-level blocks, each with its code (comments and whitespace differences ignored). */
function blocksOf(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  lines.forEach((line, i) => {
    if (STARTS_BLOCK.test(line)) blocks.push({ from: i + 1, to: i + 1, text: '' });
    const b = blocks[blocks.length - 1];
    if (!b) return;
    if (!/^\s*($|\/\/|\/\*|\*)/.test(line)) b.to = i + 1;
    b.text += `${line.replace(/\/\/.*$/, '').trim()} `;
  });
  return blocks.map((b) => ({ ...b, text: b.text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').trim() }));
}

/**
 * The lines of `solution` whose top-level statement the starter holds word for word: code the
 * learner is given (a helper to use as it is) rather than writes. Only whole statements count,
 * so a starter's `return [];` never hides the learner's own lines.
 */
export function givenLines(solution: string, starter: string): [number, number][] {
  const given = new Set(blocksOf(starter).map((b) => b.text));
  return blocksOf(solution).filter((b) => b.text && given.has(b.text)).map((b) => [b.from, b.to]);
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
  const given: MutationFiles['given'] = {};
  for (const file of lesson.files) {
    const [sol, start] = [path.join(solution, file), path.join(starter, file)];
    if (!isMutable(file)) skipped.push({ file, reason: 'no code to mutate' });
    else if (sameText(sol, start)) skipped.push({ file, reason: 'given to the learner unchanged (same as starter/)' });
    else {
      mutate.push(file);
      const lines = existsSync(sol) && existsSync(start) ? givenLines(readFileSync(sol, 'utf8'), readFileSync(start, 'utf8')) : [];
      if (lines.length) {
        given[file] = lines;
        skipped.push({ file, reason: `lines ${lines.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ')}: given to the learner unchanged (the same statements are in starter/)` });
      }
    }
  }
  for (const file of filesUnder(solution)) {
    if (!learner.has(file)) skipped.push({ file, reason: 'not a learner file (not in lesson.json `files`)' });
  }
  return { mutate, skipped, given };
}
