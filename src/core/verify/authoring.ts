// Authoring mistakes the verifier names plainly (issue 12): reply keys that name no case, and
// lesson folders that pack.json does not list (their lessons never reach a learner).
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

/** verify/replies.json: recorded model replies by case name. */
export interface Replies {
  reference: Record<string, string>;
  /** Wrong replies by case name: the output checks must catch them. */
  wrong?: Record<string, string>;
  /** Right variants' own replies: right["<variant>"]["<case>"] (default: the reference's). */
  right?: Record<string, Record<string, string>>;
}

/** Warnings for keys of verify/replies.json that name no case, variant or section. */
export function repliesWarnings(replies: Replies, caseNames: string[], wrongNames: string[], rightNames: string[]): string[] {
  const warnings: string[] = [];
  const cases = new Set(caseNames);
  const unknownCases = (section: string, map: Record<string, unknown> | undefined) => {
    for (const [key, reply] of Object.entries(map ?? {})) {
      if (cases.has(key) && typeof reply !== 'string') warnings.push(`verify/replies.json ${section}["${key}"] is not a string: a reply is the model's text for that case.`);
    }
    for (const key of Object.keys(map ?? {}).filter((k) => !cases.has(k))) {
      const hint = wrongNames.includes(key)
        ? ` "${key}" is a wrong solution: its replies are not recorded, "${section}" replies are keyed by case name and all sent in one run`
        : '';
      warnings.push(`verify/replies.json ${section}["${key}"] names no case (cases: ${caseNames.map((c) => `"${c}"`).join(', ') || 'none'}), so it is never used.${hint}`);
    }
  };
  for (const key of Object.keys(replies).filter((k) => !['reference', 'wrong', 'right'].includes(k))) {
    warnings.push(`verify/replies.json has "${key}", which the verifier does not read (it reads "reference", "wrong" and "right").`);
  }
  unknownCases('reference', replies.reference);
  unknownCases('wrong', replies.wrong);
  for (const [variant, map] of Object.entries(replies.right ?? {})) {
    if (!rightNames.includes(variant)) warnings.push(`verify/replies.json right["${variant}"] names no right variant: there is no right/${variant}/.`);
    else unknownCases(`right["${variant}"]`, map);
  }
  return warnings;
}

/** A lesson's own sub-folders hold its files, not lessons. */
const LESSON_PARTS = new Set(['starter', 'solution', 'wrong', 'right', 'fixtures', 'verify']);

/** Lesson ids of every folder under `packDir` that holds a lesson.json. */
export function lessonFolders(packDir: string, rel = ''): string[] {
  let entries;
  try {
    entries = readdirSync(path.join(packDir, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  const here = rel && entries.some((e) => e.isFile() && e.name === 'lesson.json') ? [rel.split(path.sep).join('/')] : [];
  const skip = (name: string) => name === 'node_modules' || name.startsWith('.') || (here.length > 0 && LESSON_PARTS.has(name));
  const below = entries.filter((e) => e.isDirectory() && !skip(e.name)).flatMap((e) => lessonFolders(packDir, path.join(rel, e.name)));
  return [...here, ...below];
}

/** A warning per lesson folder that pack.json lists in no track. */
export function unlistedLessonWarnings(packDir: string, listed: string[]): string[] {
  const ids = new Set(listed);
  return lessonFolders(packDir)
    .filter((id) => !ids.has(id))
    .map((id) => `${id}/lesson.json is not listed in pack.json: add "${id}" to a track's "lessons", or learners never see it.`);
}
