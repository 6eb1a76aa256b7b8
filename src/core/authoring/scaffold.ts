// New Lesson…: writes a lesson folder from a template and lists it in pack.json (creating the
// pack, or the track, when needed), editing pack.json's text so its formatting and comments stay.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify, parse } from 'jsonc-parser';
import { lessonFiles, type NewLesson } from './templates';

export const LESSON_ID = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/;

export interface ScaffoldResult {
  lessonDir: string;
  /** Absolute paths of the files written, pack.json included when it changed. */
  written: string[];
}

/** Why an id cannot be used, or undefined when it can. */
export function lessonIdProblem(id: string): string | undefined {
  return LESSON_ID.test(id) ? undefined : 'Use <track>/<name>: lowercase letters, digits and dashes, e.g. team/our-retriever.';
}

export async function scaffoldLesson(packDir: string, lesson: NewLesson, pack?: { id: string; name: string }): Promise<ScaffoldResult> {
  const problem = lessonIdProblem(lesson.id);
  if (problem) throw new Error(`"${lesson.id}" is not a lesson id. ${problem}`);
  const lessonDir = path.join(packDir, ...lesson.id.split('/'));
  if (await exists(lessonDir)) throw new Error(`${lessonDir} already exists: pick another id, nothing was changed.`);

  const manifest = path.join(packDir, 'pack.json');
  const track = lesson.id.split('/')[0];
  let text = (await exists(manifest))
    ? await fs.readFile(manifest, 'utf8')
    : JSON.stringify({ id: pack?.id ?? 'team', name: pack?.name ?? 'Team lessons', version: '0.1.0', tracks: [] }, null, 2) + '\n';
  const json = parse(text) as { tracks?: { id: string; lessons?: string[] }[] } | undefined;
  if (!json || !Array.isArray(json.tracks)) throw new Error(`${manifest} has no "tracks" list: fix it first (Validate Pack says what is wrong).`);
  const ti = json.tracks.findIndex((t) => t.id === track);
  const format = { formattingOptions: { insertSpaces: true, tabSize: 2 } };
  text =
    ti < 0
      ? applyEdits(text, modify(text, ['tracks', json.tracks.length], { id: track, title: titleCase(track), lessons: [lesson.id] }, format))
      : applyEdits(text, modify(text, ['tracks', ti, 'lessons', json.tracks[ti].lessons?.length ?? 0], lesson.id, format));

  const written: string[] = [];
  for (const [rel, content] of Object.entries(lessonFiles(lesson))) {
    const file = path.join(lessonDir, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content, { flag: 'wx' });
    written.push(file);
  }
  await fs.mkdir(packDir, { recursive: true });
  await fs.writeFile(manifest, text);
  written.push(manifest);
  return { lessonDir, written };
}

function titleCase(slug: string): string {
  return slug.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}
