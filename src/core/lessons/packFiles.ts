// Reading a pack's files as untrusted input: packs come from cloned repositories and load in
// untrusted workspaces, so every path stays inside the pack and every file is bounded.
import { isUtf8 } from 'node:buffer';
import * as path from 'node:path';
import type { EntryKind, FilePort } from './files';

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
  // The common case without path.relative's two resolves: the folder, a separator, then no ".." segment.
  // Anything else path.relative decides (on Windows it ignores case, as the disk does).
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  if (path.isAbsolute(dir) && file.startsWith(prefix) && !/(^|[\\/])\.\.([\\/]|$)/.test(file.slice(prefix.length))) return true;
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
  /**
   * `resolve`, then `readPackText` of the real path (throws what that throws). A file its folder
   * lists as a regular file takes no lookup of its own, only the read.
   */
  read(base: string, rel: string, maxBytes: number): Promise<{ ok: true; path: string; text: string } | { ok: false; missing: boolean; message: string }>;
}

type RealPath = { path: string; stat?: { size: number; isFile: boolean } };

/** The promise for `key`, made once. */
export function once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let r = cache.get(key);
  if (!r) cache.set(key, (r = make()));
  return r;
}

/**
 * `resolveInside` for many paths of one pack. The pack folder's real path is looked up once;
 * with `lstat`, a path that is no symlink is its folder's real path plus its name, so a file
 * costs one lstat rather than a realpath per path segment. With `readdir`, each folder is
 * listed once and its subfolders (and manifests, see `read`) need no call of their own; a name
 * the listing does not have as such (a symlink, or spelt otherwise on a case-insensitive disk)
 * is looked up by its path, as without listings.
 */
export function packBounds(files: FilePort, root: string): PackBounds {
  const absRoot = path.resolve(root);
  let realRoot: Promise<string> | undefined;
  const rootReal = () => (realRoot ??= files.realpath ? files.realpath(root).catch(() => absRoot) : Promise.resolve(absRoot));
  const { lstat, realpath, readdir } = files;
  if (!lstat || !realpath) {
    const resolve = (base: string, rel: string) => resolveWithin(files, root, rootReal, base, rel, files.realpath && ((p) => files.realpath!(p).then((r) => ({ path: r }))));
    return { resolve, read: (base, rel, maxBytes) => readResolved(files, resolve, base, rel, maxBytes) };
  }
  // A folder that cannot be listed (missing, no permission) has no listing: its paths are looked up one by one, which says what is wrong.
  const lists = new Map<string, Promise<Map<string, EntryKind> | undefined>>();
  const listing = (dir: string) => once(lists, dir, () => (readdir ? readdir(dir).catch(() => undefined) : Promise.resolve(undefined)));
  const dirs = new Map<string, Promise<string>>();
  const realDir = (dir: string): Promise<string> => {
    if (dir === absRoot) return rootReal();
    return once(dirs, dir, async () => {
      const [kinds, parent] = await Promise.all([listing(path.dirname(dir)), realDir(path.dirname(dir))]);
      if (kinds?.get(path.basename(dir)) === 'folder') return path.join(parent, path.basename(dir));
      return (await real(dir, true)).path;
    });
  };
  const real = async (p: string, mustBeDir = false): Promise<RealPath> => {
    if (p === absRoot) return { path: await rootReal() };
    const [kind, parent] = await Promise.all([lstat(p), realDir(path.dirname(p))]);
    if (kind.isSymbolicLink) return { path: await realpath(p) };
    if (mustBeDir && !kind.isDirectory) throw Object.assign(new Error(`${p} is not a folder`), { code: 'ENOTDIR' });
    return { path: path.join(parent, path.basename(p)), stat: { size: kind.size, isFile: kind.isFile } };
  };
  const resolve = (base: string, rel: string) => resolveWithin(files, root, rootReal, base, rel, real);
  /** The real path of a file its folder lists as a regular file, or undefined: then `resolve` decides. */
  const listedFile = async (target: string): Promise<string | undefined> => {
    if (!readdir) return undefined;
    try {
      const [kinds, dir] = await Promise.all([listing(path.dirname(target)), realDir(path.dirname(target))]);
      if (kinds?.get(path.basename(target)) !== 'file') return undefined;
      const file = path.join(dir, path.basename(target));
      // A folder on the way that is a symlink out of the pack: `resolve` words the problem.
      return isWithin(await rootReal(), file) ? file : undefined;
    } catch (e) {
      if (codeOf(e) === undefined) throw e;
      return undefined;
    }
  };
  return {
    resolve,
    read: async (base, rel, maxBytes) => {
      const outside = lexicallyOutside(root, base, rel);
      if (outside) return outside;
      const file = await listedFile(path.resolve(base, rel));
      if (file === undefined) return readResolved(files, resolve, base, rel, maxBytes);
      return { ok: true, path: file, text: await readPackText(files, file, maxBytes, 'listed') };
    },
  };
}

async function readResolved(files: FilePort, resolve: PackBounds['resolve'], base: string, rel: string, maxBytes: number) {
  const r = await resolve(base, rel);
  if (!r.ok) return r;
  return { ok: true as const, path: r.path, text: await readPackText(files, r.path, maxBytes, r.stat) };
}

function lexicallyOutside(root: string, base: string, rel: string): { ok: false; missing: boolean; message: string } | undefined {
  if (path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) return { ok: false, missing: false, message: `${rel} is an absolute path: use a path inside the pack.` };
  if (!isWithin(path.resolve(root), path.resolve(base, rel))) return { ok: false, missing: false, message: `${rel} leads outside the pack (${root}): use a path inside it.` };
  return undefined;
}

async function resolveWithin(
  files: FilePort,
  root: string,
  rootReal: () => Promise<string>,
  base: string,
  rel: string,
  real: ((p: string) => Promise<RealPath>) | undefined,
): Promise<Resolved> {
  const outside = lexicallyOutside(root, base, rel);
  if (outside) return outside;
  const target = path.resolve(base, rel);
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
 * `known`: the file's size and kind when a lookup learnt them, or 'listed' when its folder's
 * listing says it is a regular file (the port's bounded read then checks the size, no stat).
 */
export async function readPackText(files: FilePort, file: string, maxBytes: number, known?: { size: number; isFile: boolean } | 'listed'): Promise<string> {
  const read = await readPackBytes(files, file, maxBytes, known);
  return typeof read === 'string' ? read : decodePackText(file, read);
}

/**
 * `readPackText`'s checks (a file, bounded, UTF-8) without making the text unless `wanted(bytes)`:
 * a README without images needs checking, not a string of its own.
 */
export async function checkPackText(files: FilePort, file: string, maxBytes: number, known: { size: number; isFile: boolean } | undefined, wanted: (bytes: Uint8Array) => boolean): Promise<string | undefined> {
  const read = await readPackBytes(files, file, maxBytes, known);
  if (typeof read === 'string') return read;
  if (!isUtf8(read)) decodePackText(file, read); // throws with the line of the first bad byte
  return wanted(read) ? decodePackText(file, read) : undefined;
}

/** The file's bytes, or its text when the port only reads text (BOM dropped). */
async function readPackBytes(files: FilePort, file: string, maxBytes: number, known?: { size: number; isFile: boolean } | 'listed'): Promise<Uint8Array | string> {
  const s = known === 'listed' ? undefined : (known ?? (await files.stat?.(file)));
  if (s) {
    if (!s.isFile) throw new PackFileError(`${file} is not a regular file.`);
    if (s.size > maxBytes) throw tooLarge(file, s.size, maxBytes);
  }
  if (!files.readBytes) {
    const text = await files.readText(file);
    if (text.length > maxBytes) throw tooLarge(file, text.length, maxBytes);
    return text.replace(/^\uFEFF/, '');
  }
  let bytes: Uint8Array;
  try {
    bytes = await files.readBytes(file, maxBytes);
  } catch (e) {
    const code = codeOf(e);
    if (code === 'EFBIG') throw tooLarge(file, Number((e as { size?: unknown }).size), maxBytes);
    if (code === 'ENOTREG') throw new PackFileError(`${file} is not a regular file.`);
    throw e;
  }
  if (bytes.length > maxBytes) throw tooLarge(file, bytes.length, maxBytes);
  return bytes;
}

function decodePackText(file: string, bytes: Uint8Array): string {
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

/**
 * True when a parsed JSON value nests arrays and objects deeper than `max` (as `tooDeepAt`
 * counts them in its text). A walk over the values, far fewer than the text's characters; it
 * recurses at most `max` levels, so it is safe on any value JSON.parse returns.
 */
export function nestsDeeperThan(value: unknown, max = JSON_MAX_DEPTH): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (max === 0) return true;
  // Index loops: no iterator per array walked.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (nestsDeeperThan(value[i], max - 1)) return true;
    return false;
  }
  // A JSON.parse object has own enumerable keys only (a "__proto__" key too, as a plain property).
  const o = value as Record<string, unknown>;
  for (const k in o) if (nestsDeeperThan(o[k], max - 1)) return true;
  return false;
}
