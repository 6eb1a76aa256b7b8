import * as path from 'node:path';
import type { FilePort } from './files';

/** True for `{"$fixture": "fixtures/x.json"}`: an argument read from a lesson file. */
export function isFixtureRef(v: unknown): v is { $fixture: string } {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $fixture?: unknown }).$fixture === 'string';
}

export function fixtureRefs(value: unknown, out: string[] = []): string[] {
  if (isFixtureRef(value)) out.push(value.$fixture);
  else if (Array.isArray(value)) value.forEach((v) => fixtureRefs(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => fixtureRefs(v, out));
  return out;
}

/** Replaces every fixture reference with the file's content (parsed when it is .json). */
export async function resolveFixtures(value: unknown, lessonDir: string, files: FilePort): Promise<unknown> {
  if (isFixtureRef(value)) {
    const text = await files.readText(path.join(lessonDir, value.$fixture));
    return value.$fixture.endsWith('.json') ? JSON.parse(text) : text;
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolveFixtures(v, lessonDir, files)));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveFixtures(v, lessonDir, files)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}
