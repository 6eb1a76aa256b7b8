// Reading a pack's files as untrusted input: packs come from cloned repositories and load in
// untrusted workspaces, so every path stays inside the pack and every file is bounded.
import * as path from 'node:path';
import type { FilePort } from './files';

/** Largest pack.json or lesson.json read: real ones are a few KB. */
export const MANIFEST_MAX_BYTES = 1024 * 1024;
/** Largest fixture or README read (a RAG lesson's corpus can be a few MB). */
export const FILE_MAX_BYTES = 20 * 1024 * 1024;
/** Deepest nesting of arrays and objects in a pack's JSON: parsers recurse, and 10,000 levels overflow the stack. */
export const JSON_MAX_DEPTH = 256;

/** A pack file that cannot be used; `line`/`column` (0-based) point at the spot when known. */
export class PackFileError extends Error {
  constructor(
    message: string,
    readonly line = 0,
    readonly column = 0,
  ) {
    super(message);
    this.name = 'PackFileError';
  }
}

/** True when `file` is `dir` itself or lies inside it. */
export function isWithin(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** `stat` is the file's size and kind when the lookup learnt them (saves the caller a call). */
export type Resolved = { ok: true; path: string; stat?: { size: number; isFile: boolean } } | { ok: false; missing: boolean; message: string };

function codeOf(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/**
 * Resolves `rel` against `base` and checks that it stays inside `root`, as written and after
 * symlinks are followed. The returned path is the real one: read that, not the link.
 */
export async function resolveInside(files: FilePort, root: string, base: string, rel: string): Promise<Resolved> {
  return packBounds(files, root).resolve(base, rel);
}

export interface PackBounds {
  resolve(base: string, rel: string): Promise<Resolved>;
}

type RealPath = { path: string; stat?: { size: number; isFile: boolean } };

/**
 * `resolveInside` for many paths of one pack. The pack folder's real path is looked up once, and
 * with `lstat` each folder's once too: a path that is no symlink is its folder's real path plus
 * its name, so a lesson's files cost one lstat each rather than a realpath per path segment.
 */
export function packBounds(files: FilePort, root: string): PackBounds {
  const absRoot = path.resolve(root);
  let realRoot: Promise<string> | undefined;
  const rootReal = () => (realRoot ??= files.realpath ? files.realpath(root).catch(() => absRoot) : Promise.resolve(absRoot));
  const { lstat, realpath } = files;
  if (!lstat || !realpath) return { resolve: (base, rel) => resolveWithin(files, root, rootReal, base, rel, files.realpath && ((p) => files.realpath!(p).then((r) => ({ path: r })))) };
  const dirs = new Map<string, Promise<string>>();
  const realDir = (dir: string): Promise<string> => {
    if (dir === absRoot) return rootReal();
    let r = dirs.get(dir);
    if (!r) dirs.set(dir, (r = real(dir, true).then((x) => x.path)));
    return r;
  };
  const real = async (p: string, mustBeDir = false): Promise<RealPath> => {
    if (p === absRoot) return { path: await rootReal() };
    const [kind, parent] = await Promise.all([lstat(p), realDir(path.dirname(p))]);
    if (kind.isSymbolicLink) return { path: await realpath(p) };
    if (mustBeDir && !kind.isDirectory) throw Object.assign(new Error(`${p} is not a folder`), { code: 'ENOTDIR' });
    return { path: path.join(parent, path.basename(p)), stat: { size: kind.size, isFile: kind.isFile } };
  };
  // A lesson names the same fixture in many checks: one lookup each.
  const seen = new Map<string, Promise<RealPath>>();
  const realOnce = (p: string): Promise<RealPath> => {
    let r = seen.get(p);
    if (!r) seen.set(p, (r = real(p)));
    return r;
  };
  return { resolve: (base, rel) => resolveWithin(files, root, rootReal, base, rel, realOnce) };
}

async function resolveWithin(
  files: FilePort,
  root: string,
  rootReal: () => Promise<string>,
  base: string,
  rel: string,
  real: ((p: string) => Promise<RealPath>) | undefined,
): Promise<Resolved> {
  if (path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) return { ok: false, missing: false, message: `${rel} is an absolute path: use a path inside the pack.` };
  const target = path.resolve(base, rel);
  if (!isWithin(path.resolve(root), target)) return { ok: false, missing: false, message: `${rel} leads outside the pack (${root}): use a path inside it.` };
  if (!real) return (await files.exists(target)) ? { ok: true, path: target } : { ok: false, missing: true, message: `${rel} does not exist in ${base}.` };
  let found: RealPath;
  try {
    found = await real(target);
  } catch (e) {
    const code = codeOf(e);
    // Not a file system error (e.g. a stack overflow): the caller's guard reports it.
    if (code === undefined) throw e;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, message: `${rel} does not exist in ${base}.` };
    if (code === 'ELOOP') return { ok: false, missing: false, message: `${rel} is a symlink loop.` };
    return { ok: false, missing: false, message: `${rel} cannot be read (${e instanceof Error ? e.message : String(e)}).` };
  }
  if (!isWithin(await rootReal(), found.path)) {
    return { ok: false, missing: false, message: `${rel} is a symlink that leads outside the pack (to ${found.path}): only files inside the pack are used. Copy the file into the pack instead.` };
  }
  return { ok: true, ...found };
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function tooLarge(file: string, bytes: number, max: number): PackFileError {
  return new PackFileError(`${file} is ${size(bytes)}, more than the ${size(max)} a pack file of this kind may have.`);
}

/** Where the first undecodable byte is, as the lenient decoder shows it (U+FFFD). */
function firstBadPosition(bytes: Uint8Array): { line: number; column: number } {
  const text = new TextDecoder('utf-8').decode(bytes);
  const at = Math.max(0, text.indexOf('\uFFFD'));
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, column: at - (before.lastIndexOf('\n') + 1) };
}

/**
 * Reads a pack file as UTF-8 text of at most `maxBytes`. A byte order mark is dropped; a file
 * that is not UTF-8 (e.g. Latin-1) is refused with its path rather than read with U+FFFD.
 */
export async function readPackText(files: FilePort, file: string, maxBytes: number, known?: { size: number; isFile: boolean }): Promise<string> {
  const s = known ?? (await files.stat?.(file));
  if (s) {
    if (!s.isFile) throw new PackFileError(`${file} is not a regular file.`);
    if (s.size > maxBytes) throw tooLarge(file, s.size, maxBytes);
  }
  if (!files.readBytes) {
    const text = await files.readText(file);
    if (text.length > maxBytes) throw tooLarge(file, text.length, maxBytes);
    return text.replace(/^\uFEFF/, '');
  }
  const bytes = await files.readBytes(file);
  if (bytes.length > maxBytes) throw tooLarge(file, bytes.length, maxBytes);
  try {
    // fatal: throw on a byte that is not UTF-8; the default ignoreBOM: false drops a BOM.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const { line, column } = firstBadPosition(bytes);
    throw new PackFileError(`${file} is not UTF-8 text (line ${line + 1}): save it with UTF-8 encoding.`, line, column);
  }
}

/**
 * The offset where arrays and objects nest deeper than `max`, or -1. A linear scan that skips
 * strings, run before any recursive parser sees the text.
 */
export function tooDeepAt(text: string, max = JSON_MAX_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}
