/**
 * The 0-based line where `name` is declared as a function in learner source text: `function name`,
 * `export async function name`, `export default function* name`, `const name =` / `let name: T =`,
 * or `exports.name =`. A regex, not a parser: good enough to point a failure at the learner's
 * function, and undefined (so the caller falls back to the file start) when nothing matches.
 */
export function declarationLine(source: string, name: string): number | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  const n = name.replace(/\$/g, '\\$');
  const end = '(?![\\w$])';
  const fn = `(?:export[ \\t]+(?:default[ \\t]+)?)?(?:declare[ \\t]+)?(?:async[ \\t]+)?function(?:[ \\t]*\\*[ \\t]*|[ \\t]+)${n}${end}`;
  const binding = `(?:export[ \\t]+)?(?:declare[ \\t]+)?(?:const|let|var)[ \\t]+${n}${end}[ \\t]*[:=]`;
  const cjs = `(?:module\\.)?exports\\.${n}${end}[ \\t]*=`;
  // Anchored at the start of a line, so commented-out code (`// function f`) does not count.
  const match = new RegExp(`^[ \\t]*(?:${fn}|${binding}|${cjs})`, 'm').exec(source);
  if (!match) return undefined;
  let line = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < match.index; i = source.indexOf('\n', i + 1)) line++;
  return line;
}
