// A lesson's README as the panel shows it: read from inside the pack, images from the pack only.
import { imageSources, renderMarkdown } from '../markdown';
import type { FilePort } from './files';
import type { Lesson } from './model';
import { FILE_MAX_BYTES, packBounds, readPackText, type PackBounds } from './packFiles';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** A file path of the pack (decoded), or undefined for data: and remote images (not pack files). */
export function imageFilePath(src: string): string | undefined {
  if (!src || /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//') || src.startsWith('#')) return undefined;
  const bare = src.replace(/[?#].*$/, '');
  try {
    return decodeURIComponent(bare);
  } catch {
    return bare;
  }
}

/** Problems of the README's images that are pack files: missing, or leading outside the pack. */
export async function instructionImageProblems(markdown: string, lessonDir: string, bounds: PackBounds): Promise<string[]> {
  const problems: string[] = [];
  // Every markdown image starts with "![" in the source: most READMEs have none, and then the
  // load neither parses them nor loads markdown-it.
  if (!markdown.includes('![')) return problems;
  for (const src of new Set(imageSources(markdown))) {
    const rel = imageFilePath(src);
    if (rel === undefined) continue;
    const r = await bounds.resolve(lessonDir, rel);
    if (!r.ok) problems.push(`image ${r.message}`);
  }
  return problems;
}

/**
 * The README as HTML. `toUri` turns the real path of an image inside the pack into a URL the
 * panel may load; other images become links (remote) or their alt text. Never throws.
 */
export async function renderInstructions(lesson: Lesson, files: FilePort, toUri: (realPath: string) => string): Promise<string> {
  const bounds = packBounds(files, lesson.packDir ?? lesson.dir);
  let text: string;
  try {
    const r = await bounds.resolve(lesson.dir, lesson.instructions);
    if (!r.ok) throw new Error(r.message);
    text = await readPackText(files, r.path, FILE_MAX_BYTES);
  } catch (e) {
    // As plain text: markdown would turn "README.md" into a link (linkify knows the .md domain).
    return `<p><em>${escapeHtml(`Could not read ${lesson.instructions}: ${e instanceof Error ? e.message : String(e)}`)}</em></p>`;
  }
  const shown = new Map<string, string>();
  for (const src of new Set(imageSources(text))) {
    const rel = imageFilePath(src);
    if (rel === undefined) continue;
    const r = await bounds.resolve(lesson.dir, rel);
    if (r.ok) shown.set(src, toUri(r.path));
  }
  // The panel's header shows the title; a README that starts with it would repeat it.
  const body = text.replace(/^\s*#\s+(.+)\r?\n/, (line, heading: string) => (heading.trim() === lesson.title ? '' : line));
  return renderMarkdown(body, (src) => shown.get(src) ?? (/^data:/i.test(src) ? src : undefined));
}
