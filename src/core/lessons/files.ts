import * as fs from 'node:fs';

export interface FileKind {
  size: number;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

/** What a folder listing says an entry is, symlinks not followed. */
export type EntryKind = 'file' | 'folder' | 'symlink' | 'other';

/** How core reads lesson content. Host and tests may supply their own (e.g. in memory). */
export interface FilePort {
  readText(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  /** The path with every symlink resolved; a port without links may leave it out. */
  realpath?(path: string): Promise<string>;
  /** Size and kind, so a huge file or a FIFO is refused before it is read. */
  stat?(path: string): Promise<{ size: number; isFile: boolean }>;
  /**
   * Like `stat` but a symlink is reported as one, not followed: a pack's paths are then checked
   * with one call per file and per folder instead of a `realpath` (one call per path segment).
   */
  lstat?(path: string): Promise<FileKind>;
  /**
   * A folder's entries by name with their kinds: one call tells whether a lesson's files and
   * folders are symlinks, where an `lstat` each would take one call per name.
   */
  readdir?(path: string): Promise<Map<string, EntryKind>>;
  /**
   * The raw bytes, so a file that is not UTF-8 is reported rather than read with U+FFFD. With
   * `maxBytes`, a file that is larger (error code EFBIG, its `size` on the error) or is not a
   * regular file (code ENOTREG) is refused before its content is read.
   */
  readBytes?(path: string, maxBytes?: number): Promise<Uint8Array>;
}

/**
 * A node callback call as a promise. The callback API costs about half the main-thread time
 * of fs/promises per call (no FileHandle, no promise in the binding), and a 1,000-lesson pack
 * makes some 15,000 calls.
 */
function call<T>(f: (cb: (e: NodeJS.ErrnoException | null, r: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => f((e, r) => (e ? reject(e) : resolve(r))));
}

function kindOf(d: fs.Dirent): EntryKind {
  return d.isFile() ? 'file' : d.isDirectory() ? 'folder' : d.isSymbolicLink() ? 'symlink' : 'other';
}

// O_NONBLOCK: opening a FIFO does not wait for a writer (the fstat after it refuses the FIFO).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** open, fstat, read, close (the calls readFile makes), refusing what is not a file of at most `maxBytes` before reading. */
async function readBounded(p: string, maxBytes: number): Promise<Uint8Array> {
  const fd = await call<number>((cb) => fs.open(p, OPEN_FLAGS, cb));
  try {
    const s = await call<fs.Stats>((cb) => fs.fstat(fd, cb));
    if (!s.isFile()) throw Object.assign(new Error(`${p} is not a regular file`), { code: 'ENOTREG' });
    if (s.size > maxBytes) throw Object.assign(new Error(`${p} is larger than ${maxBytes} bytes`), { code: 'EFBIG', size: s.size });
    // Bounded by the size fstat gave: a file that grows meanwhile is not read past it.
    const bytes = Buffer.allocUnsafe(s.size);
    let at = 0;
    while (at < s.size) {
      const n = await call<number>((cb) => fs.read(fd, bytes, at, s.size - at, at, cb));
      if (!n) break;
      at += n;
    }
    return bytes.subarray(0, at);
  } finally {
    // Not awaited: nothing waits for a read-only descriptor to close.
    fs.close(fd, () => undefined);
  }
}

export const nodeFiles: FilePort = {
  readText: (p) => call<string>((cb) => fs.readFile(p, 'utf8', cb)),
  exists: (p) => call<void>((cb) => fs.access(p, cb)).then(() => true, () => false),
  // native: one call, as fs/promises does (fs.realpath walks the path with an lstat per segment).
  realpath: (p) => call<string>((cb) => fs.realpath.native(p, cb)),
  stat: async (p) => {
    const s = await call<fs.Stats>((cb) => fs.stat(p, cb));
    return { size: s.size, isFile: s.isFile() };
  },
  lstat: async (p) => {
    const s = await call<fs.Stats>((cb) => fs.lstat(p, cb));
    return { size: s.size, isFile: s.isFile(), isDirectory: s.isDirectory(), isSymbolicLink: s.isSymbolicLink() };
  },
  readdir: async (p) => new Map((await call<fs.Dirent[]>((cb) => fs.readdir(p, { withFileTypes: true }, cb))).map((d) => [d.name, kindOf(d)])),
  readBytes: (p, maxBytes) => (maxBytes === undefined ? call<Buffer>((cb) => fs.readFile(p, cb)) : readBounded(p, maxBytes)),
};
