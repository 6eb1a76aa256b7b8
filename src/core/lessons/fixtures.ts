import type { FilePort } from './files';
import { FILE_MAX_BYTES, PackFileError, readPackText, resolveInside, tooDeepAt, JSON_MAX_DEPTH } from './packFiles';

/** True for `{"$fixture": "fixtures/x.json"}`: an argument read from a lesson file. */
export function isFixtureRef(v: unknown): v is { $fixture: string } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $fixture?: unknown }).$fixture === 'string';
}

export function fixtureRefs(value: unknown, out: string[] = []): string[] {
  if (!value || typeof value !== 'object') return out;
  // Plain loops: every lesson load walks every check's args.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) fixtureRefs(value[i], out);
  } else if (isFixtureRef(value)) out.push(value.$fixture);
  else {
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) fixtureRefs(o[k], out);
  }
  return out;
}

/**
 * One fixture's content (parsed when it is .json). The path is relative to the lesson folder
 * and must stay inside `packDir`, symlinks included: a fixture is handed to learner code.
 */
export async function readFixture(ref: string, lessonDir: string, packDir: string, files: FilePort): Promise<unknown> {
  const resolved = await resolveInside(files, packDir, lessonDir, ref);
  if (!resolved.ok) throw new PackFileError(`$fixture ${resolved.message}`);
  const text = await readPackText(files, resolved.path, FILE_MAX_BYTES);
  if (!ref.endsWith('.json')) return text;
  if (tooDeepAt(text) >= 0) throw new PackFileError(`$fixture ${ref} nests arrays and objects more than ${JSON_MAX_DEPTH} levels deep.`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PackFileError(`$fixture ${ref} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Replaces every fixture reference with the file's content (parsed when it is .json).
 * `packDir` bounds the paths; without it they must stay inside the lesson folder.
 */
export async function resolveFixtures(value: unknown, lessonDir: string, files: FilePort, packDir: string = lessonDir): Promise<unknown> {
  if (isFixtureRef(value)) return readFixture(value.$fixture, lessonDir, packDir, files);
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolveFixtures(v, lessonDir, files, packDir)));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveFixtures(v, lessonDir, files, packDir)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}
