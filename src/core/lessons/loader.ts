import * as path from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type * as z from 'zod/mini';
import { compileSchema, NOT_TAKEN } from './fastSchema';
import type { FilePort } from './files';
import { fixtureRefs } from './fixtures';
import { formatPath, locate, positionOf, type JsonPath } from './jsonLocation';
import type { BrokenLesson, Lesson, LessonEntry, Pack, Problem, Track } from './model';
import type { LessonManifest } from './schema';
import { instructionImageProblems } from './instructions';
import { FILE_MAX_BYTES, JSON_MAX_DEPTH, MANIFEST_MAX_BYTES, PackFileError, checkPackText, nestsDeeperThan, once, packBounds, tooDeepAt, type PackBounds, type Resolved } from './packFiles';
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
async function readInside(file: string, bounds: PackBounds): Promise<{ ok: true; text: string } | { ok: false; problem: Problem }> {
  const fail = (message: string, line = 0, column = 0) => ({ ok: false as const, problem: { file, field: '', message, line, column } });
  try {
    const read = await bounds.read(path.dirname(file), path.basename(file), MANIFEST_MAX_BYTES);
    return read.ok ? read : fail(read.missing ? 'File not found or not readable.' : read.message);
  } catch (e) {
    if (e instanceof PackFileError) return fail(e.message, e.line, e.column);
    const code = e && typeof e === 'object' && 'code' in e ? e.code : undefined;
    return fail(code === 'ENOENT' ? 'File not found or not readable.' : `Could not read the file: ${errorMessage(e)}`);
  }
}

/** Reads a JSON manifest and validates it; every problem names the file and the field. */
async function readManifest<S extends z.ZodMiniType>(file: string, bounds: PackBounds, schema: S): Promise<Parsed<z.infer<S>>> {
  const read = await readInside(file, bounds);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  const text = read.text;
  const json = parseJson(file, text);
  if (!json.ok) return json;
  // The compiled schema takes a valid manifest (zod's value, a third of its time); zod decides the rest and words the problems.
  const taken = compileSchema(schema)?.(json.value) ?? NOT_TAKEN;
  if (taken !== NOT_TAKEN) return { ok: true, value: taken, text };
  const result = schema.safeParse(json.value);
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

/** The problem of arrays and objects nested too deep, at the offset where they pass the limit. */
function tooDeep(file: string, text: string, at: number): { ok: false; problems: Problem[] } {
  return { ok: false, problems: [{ file, field: '', message: `Arrays and objects nest more than ${JSON_MAX_DEPTH} levels deep here; a manifest needs a handful.`, ...positionOf(text, at) }] };
}

/**
 * JSON.parse, ten times faster than jsonc-parser on a 30 KB lesson.json; jsonc-parser only when
 * it fails, for the errors with their positions. zod, jsonc-parser and the walks over a lesson's
 * values recurse per level (10,000 nested arrays would overflow the stack), so nesting deeper than
 * JSON_MAX_DEPTH is refused first: on the parsed value (JSON.parse does not recurse), and on the
 * text before jsonc-parser sees it.
 */
function parseJson(file: string, text: string): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    const deep = tooDeepAt(text);
    if (deep >= 0) return tooDeep(file, text, deep);
    const errors: ParseError[] = [];
    parse(text, errors, { allowTrailingComma: false, disallowComments: true });
    const problems = errors.slice(0, 5).map((err) => ({ file, field: '', message: `Invalid JSON: ${printParseErrorCode(err.error)}.`, ...positionOf(text, err.offset) }));
    // Whatever JSON.parse refuses and jsonc-parser lets through is still refused, with JSON.parse's words.
    return { ok: false, problems: problems.length ? problems : [{ file, field: '', message: `Invalid JSON: ${errorMessage(e)}.`, line: 0, column: 0 }] };
  }
  // The text scan finds where: it agrees with the walk (both count brackets outside strings).
  if (nestsDeeperThan(value)) return tooDeep(file, text, Math.max(0, tooDeepAt(text)));
  return { ok: true, value };
}

function problemAt(file: string, text: string, p: JsonPath, message: string): Problem {
  const field = formatPath(p);
  return { file, field, message: field ? `${field}: ${message}` : message, ...locate(text, p) };
}

/**
 * Checks a path the lesson names: it exists, is a file (of at most `maxBytes`) and stays inside
 * the pack, symlinks included. The real path, or the problem.
 */
function pathChecker(bounds: PackBounds, dir: string, at: (p: JsonPath, message: string) => Problem, files: FilePort) {
  // A lesson names the same fixture in many checks: one lookup each (per lesson, so none is kept after it).
  const looked = new Map<string, Promise<Resolved>>();
  return async (rel: string, p: JsonPath, maxBytes?: number): Promise<{ path: string; stat?: { size: number; isFile: boolean } } | Problem> => {
    const r = await once(looked, rel, () => bounds.resolve(dir, rel));
    if (!r.ok) return at(p, r.message);
    const s = r.stat ?? (await files.stat?.(r.path));
    if (s && !s.isFile) return at(p, `${rel} is not a file.`);
    if (s && maxBytes !== undefined && s.size > maxBytes) return at(p, `${rel} is larger than the ${maxBytes / 1024 / 1024} MB a pack file may have.`);
    return { path: r.path, stat: s };
  };
}

/** The README's own problems: unreadable (e.g. not UTF-8), or an image outside the pack. */
async function instructionProblems(real: string, stat: { size: number; isFile: boolean } | undefined, m: LessonManifest, dir: string, bounds: PackBounds, files: FilePort): Promise<string[]> {
  try {
    // Every markdown image starts with "![": a README without one is checked (UTF-8) but not decoded.
    const markdown = await checkPackText(files, real, FILE_MAX_BYTES, stat, (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).includes('!['));
    return markdown === undefined ? [] : await instructionImageProblems(markdown, dir, bounds);
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
  const parsed = await readManifest(manifestFile, bounds, lessonSchema);
  if (!parsed.ok) return broken(parsed.problems);
  const m = parsed.value;
  const at = (p: JsonPath, message: string) => problemAt(manifestFile, parsed.text, p, message);
  const check = pathChecker(bounds, dir, at, files);
  // The file checks run side by side (each is a file system round trip); the problems keep the order of the fields.
  const found: (Problem | Promise<Problem[]>)[] = [];
  const checked = (rel: string, p: JsonPath, maxBytes?: number) => found.push(check(rel, p, maxBytes).then((r) => ('message' in r ? [r] : [])));

  if (m.id !== id) found.push(at(['id'], `is "${m.id}" but the pack lists this lesson as "${id}" (the id must equal the folder path).`));
  found.push(
    check(m.instructions, ['instructions'], FILE_MAX_BYTES).then(async (r) => {
      if ('message' in r) return [r];
      return (await instructionProblems(r.path, r.stat, m, dir, bounds, files)).map((message) => at(['instructions'], message));
    }),
  );
  for (const [i, f] of m.files.entries()) {
    checked(`starter/${f}`, ['files', i]);
    checked(`solution/${f}`, ['files', i]);
  }
  const entry = m.kind === 'prompt' ? (m.prompt ?? m.files[0]) : (m.entry ?? m.files[0]);
  if (!m.files.includes(entry)) found.push(at(['entry'], `"${entry}" is not one of the lesson's files.`));
  if (m.kind === 'code') {
    if (!m.checks.length) found.push(at(['checks'], 'a code lesson needs at least one check.'));
    for (const [i, c] of m.checks.entries()) {
      if (!c.call && !m.call) found.push(at(['checks', i], 'names no function to call: set `call` here or on the lesson.'));
      for (const ref of fixtureRefs(c.args)) checked(ref, ['checks', i, 'args'], FILE_MAX_BYTES);
      for (const ref of fixtureRefs(c.arbitraries)) checked(ref, ['checks', i, 'arbitraries'], FILE_MAX_BYTES);
    }
    for (const key of ['cases', 'staticChecks', 'prompt'] as const) {
      if (m[key] !== undefined) found.push(at([key], 'is for prompt lessons only.'));
    }
  } else {
    const prompt = m.prompt ?? m.files[0];
    if (!m.files.includes(prompt)) found.push(at(['prompt'], `"${prompt}" is not one of the lesson's files.`));
    if (!m.cases?.length && !m.staticChecks?.length) found.push(at(['cases'], 'a prompt lesson needs cases or staticChecks.'));
    if (m.cases?.length && !m.checks.length && !m.cases.some((c) => c.checks?.length)) found.push(at(['checks'], 'the cases have no checks: add lesson-wide `checks` or per-case `checks`.'));
    for (const [i, c] of (m.cases ?? []).entries()) for (const ref of fixtureRefs(c.vars)) checked(ref, ['cases', i, 'vars'], FILE_MAX_BYTES);
  }
  const problems = (await Promise.all(found)).flat();
  if (problems.length) return broken(problems);
  const lesson: Lesson = { ...m, key, packId, trackId, dir, packDir, entryFile: entry };
  return lesson;
}

/**
 * Lessons loading at once: enough to keep the file system's thread pool (4 threads) busy. More
 * only keeps more lessons half loaded: their texts and trees then outlive two young-generation
 * collections and are copied into the old one (at 64, 100 MB for a 1,000-lesson pack; at 16, 40).
 */
const LESSONS_AT_ONCE = 16;

/** `Promise.all(items.map(f))` with at most `limit` calls pending; results in the items' order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Loads one pack folder. A broken lesson is reported and kept as broken; the rest still load. */
export async function loadPack(packDir: string, files: FilePort): Promise<PackLoadResult> {
  const manifestFile = path.join(packDir, PACK_MANIFEST);
  // One pack, one bound: its folder's real path is looked up once for all its files.
  const bounds = packBounds(files, packDir);
  const parsed = await readManifest(manifestFile, bounds, packSchema);
  if (!parsed.ok) return { problems: parsed.problems };
  const m = parsed.value;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const listed: { track: number; id: string }[] = [];
  for (const [ti, t] of m.tracks.entries()) {
    for (const [li, id] of t.lessons.entries()) {
      if (seen.has(id)) problems.push(problemAt(manifestFile, parsed.text, ['tracks', ti, 'lessons', li], `lists "${id}" a second time.`));
      else listed.push({ track: ti, id });
      seen.add(id);
    }
  }
  // Lessons of every track load side by side (the checks on every path are file system round
  // trips), a bounded number at a time so that a large pack does not hold every file at once.
  const entries = await mapBounded(listed, LESSONS_AT_ONCE, ({ track, id }) => loadLesson(m.id, m.tracks[track].id, packDir, id, files, bounds));
  const tracks: Track[] = m.tracks.map((t) => ({ id: t.id, title: t.title, description: t.description, entries: [] }));
  for (const [i, { track }] of listed.entries()) tracks[track].entries.push(entries[i]);
  for (const t of tracks) for (const e of t.entries) if ('problems' in e) problems.push(...e.problems);
  return { pack: { id: m.id, name: m.name, version: m.version, description: m.description, dir: packDir, manifestFile, tracks }, problems };
}
