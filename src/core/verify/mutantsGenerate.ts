// The mutants of a lesson's reference solution, from StrykerJS's instrumenter (the mutators a
// well-kept mutation tool applies: operators, conditions, literals, blocks…), each turned back
// into the source of one file with that one change. Loaded only by `verify --mutants` (the CLI):
// the instrumenter brings Babel, which the extension must not carry.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** A position as Stryker gives it: 0-based line and column. */
interface Position {
  line: number;
  column: number;
}

/** The fields of Stryker's API mutant that we use (its .d.ts needs `exports` resolution). */
interface StrykerMutant {
  fileName: string;
  location: { start: Position; end: Position };
  mutatorName: string;
  replacement: string;
  status?: string;
  statusReason?: string;
}

export interface MutantSpec {
  /** The file as the lesson names it. */
  file: string;
  mutator: string;
  start: Position;
  /** The code replaced and its replacement, as written in the file. */
  original: string;
  replacement: string;
  /** The mutated file's whole text. */
  source: string;
  /** Set when a `// Stryker disable` comment in the solution excludes it. */
  ignored?: string;
}

/** Files the instrumenter can parse (declaration files hold no code to mutate). */
export function isMutable(file: string): boolean {
  return /\.(c|m)?(j|t)sx?$/.test(file) && !/\.d\.(c|m)?ts$/.test(file);
}

const silent = () => false;
const noop = () => undefined;
const logger = {
  isTraceEnabled: silent, isDebugEnabled: silent, isInfoEnabled: silent, isWarnEnabled: silent, isErrorEnabled: silent, isFatalEnabled: silent,
  trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop,
};

/** Offsets where each line starts, with the line ends Babel counts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|[\n\r\u2028\u2029]/g)) starts.push((m.index ?? 0) + m[0].length);
  return starts;
}

/** Every mutant of the named solution files, in file order. */
export async function generateMutants(solutionDir: string, files: string[]): Promise<MutantSpec[]> {
  const { Instrumenter } = await import('@stryker-mutator/instrumenter');
  const instrumenter = new Instrumenter(logger as never);
  const sources = files.filter(isMutable).map((file) => ({ file, name: path.join(solutionDir, file), content: readFileSync(path.join(solutionDir, file), 'utf8') }));
  if (sources.length === 0) return [];
  const result = await instrumenter.instrument(
    sources.map(({ name, content }) => ({ name, content, mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [], noHeader: true } as never,
  );
  const byName = new Map(sources.map((s) => [s.name, { ...s, starts: lineStarts(s.content) }]));
  return (result.mutants as readonly StrykerMutant[]).flatMap((m) => {
    const src = byName.get(m.fileName);
    if (!src) return [];
    const at = (p: Position) => (src.starts[p.line] ?? src.content.length) + p.column;
    const from = at(m.location.start);
    const to = at(m.location.end);
    return [{
      file: src.file,
      mutator: m.mutatorName,
      start: m.location.start,
      original: src.content.slice(from, to),
      replacement: m.replacement,
      source: src.content.slice(0, from) + m.replacement + src.content.slice(to),
      ...(m.status === 'Ignored' ? { ignored: m.statusReason ?? 'disabled by a comment' } : {}),
    }];
  });
}
