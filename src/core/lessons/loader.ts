import * as path from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type * as z from 'zod/mini';
import type { FilePort } from './files';
import { fixtureRefs } from './fixtures';
import { formatPath, locate, positionOf, type JsonPath } from './jsonLocation';
import type { BrokenLesson, Lesson, LessonEntry, Pack, Problem, Track } from './model';
import type { LessonManifest } from './schema';
import { instructionImageProblems } from './instructions';
import { FILE_MAX_BYTES, JSON_MAX_DEPTH, MANIFEST_MAX_BYTES, PackFileError, packBounds, readPackText, tooDeepAt, type PackBounds } from './packFiles';
import { lessonSchema, packSchema } from './schema';

export const PACK_MANIFEST = 'pack.json';
export const LESSON_MANIFEST = 'lesson.json';

export interface PackLoadResult {
  /** Undefined when the pack manifest itself is unusable. */
  pack?: Pack;
  problems: Problem[];
}

type Parsed<T> = { ok: true; value: T; text: string } | { ok: false; problems: Problem[] };

/** At most this many schema problems per file: each is located in the text, and a hostile file can have thousands. */
const MAX_PROBLEMS = 20;

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads a pack file's text from inside the pack (symlinks included), bounded and UTF-8. */
async function readInside(file: string, bounds: PackBounds, files: FilePort): Promise<{ ok: true; text: string } | { ok: false; problem: Problem }> {
  const fail = (message: string, line = 0, column = 0) => ({ ok: false as const, problem: { file, field: '', message, line, column } });
  const where = await bounds.resolve(path.dirname(file), path.basename(file));
  if (!where.ok) return fail(where.missing ? 'File not found or not readable.' : where.message);
  try {
    return { ok: true, text: await readPackText(files, where.path, MANIFEST_MAX_BYTES) };
  } catch (e) {
    if (e instanceof PackFileError) return fail(e.message, e.line, e.column);
    const code = e && typeof e === 'object' && 'code' in e ? e.code : undefined;
    return fail(code === 'ENOENT' ? 'File not found or not readable.' : `Could not read the file: ${errorMessage(e)}`);
  }
}

/** Reads a JSON manifest and validates it; every problem names the file and the field. */
async function readManifest<S extends z.ZodMiniType>(file: string, bounds: PackBounds, schema: S, files: FilePort): Promise<Parsed<z.infer<S>>> {
  const read = await readInside(file, bounds, files);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  const text = read.text;
  // jsonc-parser recurses per level: 10,000 nested arrays would overflow the stack.
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    return { ok: false, problems: [{ file, field: '', message: `Arrays and objects nest more than ${JSON_MAX_DEPTH} levels deep here; a manifest needs a handful.`, ...positionOf(text, deep) }] };
  }
  const errors: ParseError[] = [];
  const json: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length) {
    return {
      ok: false,
      problems: errors.slice(0, 5).map((e) => ({ file, field: '', message: `Invalid JSON: ${printParseErrorCode(e.error)}.`, ...positionOf(text, e.offset) })),
    };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data, text };
  return {
    ok: false,
    problems: result.error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
      const p = issue.path as JsonPath;
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const field = formatPath(keys.length ? [...p, keys[0]] : p);
      return { file, field, message: field ? `${field}: ${issue.message}` : issue.message, ...locate(text, keys.length ? [...p, keys[0]] : p) };
    }),
  };
}

function problemAt(file: string, text: string, p: JsonPath, message: string): Problem {
  const field = formatPath(p);
  return { file, field, message: field ? `${field}: ${message}` : message, ...locate(text, p) };
}

/** Checks every path the lesson names: it exists and stays inside the pack, symlinks included. */
function pathChecker(bounds: PackBounds, dir: string, manifestFile: string, text: string, files: FilePort, problems: Problem[]) {
  return async (rel: string, p: JsonPath, maxBytes?: number): Promise<string | undefined> => {
    const r = await bounds.resolve(dir, rel);
    if (!r.ok) {
      problems.push(problemAt(manifestFile, text, p, r.message));
      return undefined;
    }
    const s = await files.stat?.(r.path);
    if (s && !s.isFile) problems.push(problemAt(manifestFile, text, p, `${rel} is not a file.`));
    else if (s && maxBytes !== undefined && s.size > maxBytes) problems.push(problemAt(manifestFile, text, p, `${rel} is larger than the ${maxBytes / 1024 / 1024} MB a pack file may have.`));
    else return r.path;
    return undefined;
  };
}

/** The README's own problems: unreadable (e.g. not UTF-8), or an image outside the pack. */
async function instructionProblems(real: string, m: LessonManifest, dir: string, bounds: PackBounds, files: FilePort): Promise<string[]> {
  try {
    const markdown = await readPackText(files, real, FILE_MAX_BYTES);
    return await instructionImageProblems(markdown, dir, bounds);
  } catch (e) {
    return [`${m.instructions}: ${errorMessage(e)}`];
  }
}

function lessonPlace(packId: string, trackId: string, packDir: string, id: string) {
  const dir = path.join(packDir, ...id.split('/'));
  const manifestFile = path.join(dir, LESSON_MANIFEST);
  const key = `${packId}:${id}`;
  const broken = (problems: Problem[]): BrokenLesson => ({ key, id, packId, trackId, manifestFile, problems });
  return { dir, manifestFile, key, broken };
}

/** Whatever goes wrong while loading a lesson (a stack overflow, an I/O error) breaks that lesson only. */
async function loadLesson(packId: string, trackId: string, packDir: string, id: string, files: FilePort, bounds: PackBounds): Promise<LessonEntry> {
  try {
    return await loadLessonUnguarded(packId, trackId, packDir, id, files, bounds);
  } catch (e) {
    const { manifestFile, broken } = lessonPlace(packId, trackId, packDir, id);
    return broken([{ file: manifestFile, field: '', message: `Could not load the lesson: ${errorMessage(e)}`, line: 0, column: 0 }]);
  }
}

async function loadLessonUnguarded(packId: string, trackId: string, packDir: string, id: string, files: FilePort, bounds: PackBounds): Promise<LessonEntry> {
  const { dir, manifestFile, key, broken } = lessonPlace(packId, trackId, packDir, id);
  const parsed = await readManifest(manifestFile, bounds, lessonSchema, files);
  if (!parsed.ok) return broken(parsed.problems);
  const m = parsed.value;
  const problems: Problem[] = [];
  const check = pathChecker(bounds, dir, manifestFile, parsed.text, files, problems);

  if (m.id !== id) problems.push(problemAt(manifestFile, parsed.text, ['id'], `is "${m.id}" but the pack lists this lesson as "${id}" (the id must equal the folder path).`));
  const readme = await check(m.instructions, ['instructions'], FILE_MAX_BYTES);
  if (readme) for (const message of await instructionProblems(readme, m, dir, bounds, files)) problems.push(problemAt(manifestFile, parsed.text, ['instructions'], message));
  for (const [i, f] of m.files.entries()) {
    await check(`starter/${f}`, ['files', i]);
    await check(`solution/${f}`, ['files', i]);
  }
  const entry = m.kind === 'prompt' ? (m.prompt ?? m.files[0]) : (m.entry ?? m.files[0]);
  if (!m.files.includes(entry)) problems.push(problemAt(manifestFile, parsed.text, ['entry'], `"${entry}" is not one of the lesson's files.`));
  if (m.kind === 'code') {
    if (!m.checks.length) problems.push(problemAt(manifestFile, parsed.text, ['checks'], 'a code lesson needs at least one check.'));
    for (const [i, c] of m.checks.entries()) {
      if (!c.call && !m.call) problems.push(problemAt(manifestFile, parsed.text, ['checks', i], 'names no function to call: set `call` here or on the lesson.'));
      for (const ref of fixtureRefs(c.args)) await check(ref, ['checks', i, 'args'], FILE_MAX_BYTES);
      for (const ref of fixtureRefs(c.arbitraries)) await check(ref, ['checks', i, 'arbitraries'], FILE_MAX_BYTES);
    }
    for (const key of ['cases', 'staticChecks', 'prompt'] as const) {
      if (m[key] !== undefined) problems.push(problemAt(manifestFile, parsed.text, [key], 'is for prompt lessons only.'));
    }
  } else {
    const prompt = m.prompt ?? m.files[0];
    if (!m.files.includes(prompt)) problems.push(problemAt(manifestFile, parsed.text, ['prompt'], `"${prompt}" is not one of the lesson's files.`));
    if (!m.cases?.length && !m.staticChecks?.length) problems.push(problemAt(manifestFile, parsed.text, ['cases'], 'a prompt lesson needs cases or staticChecks.'));
    if (m.cases?.length && !m.checks.length && !m.cases.some((c) => c.checks?.length)) problems.push(problemAt(manifestFile, parsed.text, ['checks'], 'the cases have no checks: add lesson-wide `checks` or per-case `checks`.'));
    for (const [i, c] of (m.cases ?? []).entries()) for (const ref of fixtureRefs(c.vars)) await check(ref, ['cases', i, 'vars'], FILE_MAX_BYTES);
  }
  if (problems.length) return broken(problems);
  const lesson: Lesson = { ...m, key, packId, trackId, dir, packDir, entryFile: entry };
  return lesson;
}

/** Loads one pack folder. A broken lesson is reported and kept as broken; the rest still load. */
export async function loadPack(packDir: string, files: FilePort): Promise<PackLoadResult> {
  const manifestFile = path.join(packDir, PACK_MANIFEST);
  // One pack, one bound: its folder's real path is looked up once for all its files.
  const bounds = packBounds(files, packDir);
  const parsed = await readManifest(manifestFile, bounds, packSchema, files);
  if (!parsed.ok) return { problems: parsed.problems };
  const m = parsed.value;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const tracks: Track[] = [];
  for (const [ti, t] of m.tracks.entries()) {
    const ids: string[] = [];
    for (const [li, id] of t.lessons.entries()) {
      if (seen.has(id)) problems.push(problemAt(manifestFile, parsed.text, ['tracks', ti, 'lessons', li], `lists "${id}" a second time.`));
      else ids.push(id);
      seen.add(id);
    }
    // Lessons load side by side: the checks on every path are file system round trips.
    const entries = await Promise.all(ids.map((id) => loadLesson(m.id, t.id, packDir, id, files, bounds)));
    tracks.push({ id: t.id, title: t.title, description: t.description, entries });
  }
  for (const t of tracks) for (const e of t.entries) if ('problems' in e) problems.push(...e.problems);
  return { pack: { id: m.id, name: m.name, version: m.version, description: m.description, dir: packDir, manifestFile, tracks }, problems };
}
