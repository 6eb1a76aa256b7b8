import * as path from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type * as z from 'zod/mini';
import type { FilePort } from './files';
import { fixtureRefs } from './fixtures';
import { formatPath, locate, positionOf, type JsonPath } from './jsonLocation';
import type { BrokenLesson, Lesson, LessonEntry, Pack, Problem, Track } from './model';
import { lessonSchema, packSchema } from './schema';

export const PACK_MANIFEST = 'pack.json';
export const LESSON_MANIFEST = 'lesson.json';

export interface PackLoadResult {
  /** Undefined when the pack manifest itself is unusable. */
  pack?: Pack;
  problems: Problem[];
}

type Parsed<T> = { ok: true; value: T; text: string } | { ok: false; problems: Problem[] };

/** Reads a JSON manifest and validates it; every problem names the file and the field. */
async function readManifest<S extends z.ZodMiniType>(file: string, schema: S, files: FilePort): Promise<Parsed<z.infer<S>>> {
  let text: string;
  try {
    text = await files.readText(file);
  } catch {
    return { ok: false, problems: [{ file, field: '', message: 'File not found or not readable.', line: 0, column: 0 }] };
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
    problems: result.error.issues.map((issue) => {
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

async function loadLesson(packId: string, trackId: string, packDir: string, id: string, files: FilePort): Promise<LessonEntry> {
  const dir = path.join(packDir, ...id.split('/'));
  const manifestFile = path.join(dir, LESSON_MANIFEST);
  const key = `${packId}:${id}`;
  const broken = (problems: Problem[]): BrokenLesson => ({ key, id, packId, trackId, manifestFile, problems });

  const parsed = await readManifest(manifestFile, lessonSchema, files);
  if (!parsed.ok) return broken(parsed.problems);
  const m = parsed.value;
  const problems: Problem[] = [];
  const missing = async (rel: string, p: JsonPath) => {
    if (!(await files.exists(path.join(dir, rel)))) problems.push(problemAt(manifestFile, parsed.text, p, `${rel} does not exist in ${dir}.`));
  };

  if (m.id !== id) problems.push(problemAt(manifestFile, parsed.text, ['id'], `is "${m.id}" but the pack lists this lesson as "${id}" (the id must equal the folder path).`));
  await missing(m.instructions, ['instructions']);
  for (const [i, f] of m.files.entries()) {
    await missing(`starter/${f}`, ['files', i]);
    await missing(`solution/${f}`, ['files', i]);
  }
  const entry = m.kind === 'prompt' ? (m.prompt ?? m.files[0]) : (m.entry ?? m.files[0]);
  if (!m.files.includes(entry)) problems.push(problemAt(manifestFile, parsed.text, ['entry'], `"${entry}" is not one of the lesson's files.`));
  if (m.kind === 'code') {
    if (!m.checks.length) problems.push(problemAt(manifestFile, parsed.text, ['checks'], 'a code lesson needs at least one check.'));
    for (const [i, c] of m.checks.entries()) {
      if (!c.call && !m.call) problems.push(problemAt(manifestFile, parsed.text, ['checks', i], 'names no function to call: set `call` here or on the lesson.'));
      for (const ref of fixtureRefs(c.args)) await missing(ref, ['checks', i, 'args']);
      for (const ref of fixtureRefs(c.arbitraries)) await missing(ref, ['checks', i, 'arbitraries']);
    }
    for (const key of ['cases', 'staticChecks', 'prompt'] as const) {
      if (m[key] !== undefined) problems.push(problemAt(manifestFile, parsed.text, [key], 'is for prompt lessons only.'));
    }
  } else {
    const prompt = m.prompt ?? m.files[0];
    if (!m.files.includes(prompt)) problems.push(problemAt(manifestFile, parsed.text, ['prompt'], `"${prompt}" is not one of the lesson's files.`));
    if (!m.cases?.length && !m.staticChecks?.length) problems.push(problemAt(manifestFile, parsed.text, ['cases'], 'a prompt lesson needs cases or staticChecks.'));
    if (m.cases?.length && !m.checks.length && !m.cases.some((c) => c.checks?.length)) problems.push(problemAt(manifestFile, parsed.text, ['checks'], 'the cases have no checks: add lesson-wide `checks` or per-case `checks`.'));
    for (const [i, c] of (m.cases ?? []).entries()) for (const ref of fixtureRefs(c.vars)) await missing(ref, ['cases', i, 'vars']);
  }
  if (problems.length) return broken(problems);
  const lesson: Lesson = { ...m, key, packId, trackId, dir, entryFile: entry };
  return lesson;
}

/** Loads one pack folder. A broken lesson is reported and kept as broken; the rest still load. */
export async function loadPack(packDir: string, files: FilePort): Promise<PackLoadResult> {
  const manifestFile = path.join(packDir, PACK_MANIFEST);
  const parsed = await readManifest(manifestFile, packSchema, files);
  if (!parsed.ok) return { problems: parsed.problems };
  const m = parsed.value;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const tracks: Track[] = [];
  for (const [ti, t] of m.tracks.entries()) {
    const entries: LessonEntry[] = [];
    for (const [li, id] of t.lessons.entries()) {
      if (seen.has(id)) {
        problems.push(problemAt(manifestFile, parsed.text, ['tracks', ti, 'lessons', li], `lists "${id}" a second time.`));
        continue;
      }
      seen.add(id);
      entries.push(await loadLesson(m.id, t.id, packDir, id, files));
    }
    tracks.push({ id: t.id, title: t.title, description: t.description, entries });
  }
  for (const t of tracks) for (const e of t.entries) if ('problems' in e) problems.push(...e.problems);
  return { pack: { id: m.id, name: m.name, version: m.version, description: m.description, dir: packDir, manifestFile, tracks }, problems };
}
