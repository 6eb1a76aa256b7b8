// Why learner code could not be loaded, in plain words and at the learner's file and line (issue 12):
// "similarity.ts, line 28: syntax error: unexpected token", not a transpiler's message with a temp path.
import * as path from 'node:path';
import type { CodeLocation } from '../result';

/** A syntax error the transpiler found, located in the learner's source. */
export class LearnerSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'SyntaxError';
  }
}

/** Sucrase's errors carry `pos` (an offset into the source) and "Error transforming <file>: <reason> (l:c)". */
export function transpileError(e: unknown, file: string, source: string): unknown {
  if (!(e instanceof Error) || typeof (e as { pos?: unknown }).pos !== 'number') return e;
  const pos = Math.max(0, Math.min(source.length, (e as unknown as { pos: number }).pos));
  const before = source.slice(0, pos).split('\n');
  const reason = e.message.replace(/^Error transforming .*?: /s, '').replace(/\s*\(\d+:\d+\)$/, '');
  return new LearnerSyntaxError(file, before.length, before[before.length - 1].length + 1, reason);
}

/** The message and location of an error thrown while loading the entry file (transpiling, compiling or running it). */
export function describeLoadError(e: unknown, entryPath: string, learnerDir: string): { message: string; location?: CodeLocation } {
  const relative = (file: string) => path.relative(learnerDir, file).split(path.sep).join('/');
  const mine = (file: string) => !relative(file).startsWith('..') && !path.isAbsolute(relative(file)) && !file.includes(`${path.sep}node_modules${path.sep}`);
  if (e instanceof LearnerSyntaxError && mine(e.file)) {
    const location = { file: relative(e.file), line: e.line, column: e.column };
    return { message: `${location.file}, line ${location.line}: syntax error: ${lowerFirst(e.reason)}. Fix it, then run the checks again.`, location };
  }
  const { name, message, stack } = readError(e);
  const location = stackLocation(stack, mine, relative);
  const what = name === 'SyntaxError' ? `syntax error: ${lowerFirst(message)}` : `the code threw while loading: ${name ? `${name}: ` : ''}${message}`;
  if (location) return { message: `${location.file}, line ${location.line}: ${what}. Fix it, then run the checks again.`, location };
  return { message: `${path.basename(entryPath)} could not be loaded: ${name === 'SyntaxError' ? what : message}` };
}

function readError(e: unknown): { name?: string; message: string; stack: string } {
  try {
    if (e instanceof Error) return { name: String(e.name), message: String(e.message).slice(0, 2000), stack: String(e.stack ?? '') };
    return { message: String(e).slice(0, 2000), stack: '' };
  } catch {
    return { message: 'a value that could not be read', stack: '' };
  }
}

/**
 * The first place in the learner's own files: V8 puts a compile error's place on the stack's first
 * line ("/dir/file.ts:5"), a runtime error's in its frames ("at f (/dir/file.ts:5:7)").
 */
function stackLocation(stack: string, mine: (file: string) => boolean, relative: (file: string) => string): CodeLocation | undefined {
  const head = /^(.+?):(\d+)\s*$/m.exec(stack.split('\n')[0] ?? '');
  if (head && path.isAbsolute(head[1]) && mine(head[1])) return { file: relative(head[1]), line: Number(head[2]), column: 1 };
  for (const m of stack.matchAll(/\(?((?:\/|[A-Za-z]:\\)[^():\n]+):(\d+):(\d+)\)?/g)) {
    if (mine(m[1])) return { file: relative(m[1]), line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
