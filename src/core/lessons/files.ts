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
   * `maxBytes`, at most that many bytes are read: a larger file is refused (error code EFBIG,
   * its `size` on the error), and so is a device (code ENOTREG); a FIFO fails (ESPIPE) rather
   * than waiting for a writer. Callers still check that a path is a file first (a listing, lstat).
   */
  readBytes?(path: string, maxBytes?: number): Promise<Uint8Array>;
}

/**
 * A node callback call as a promise, started with the others of this turn of the event loop.
 * The callback API costs about half the main-thread time of fs/promises per call (no
 * FileHandle, no promise in the binding), and a 1,000-lesson pack makes some 14,000 calls.
 */
function call<T>(f: (cb: (e: NodeJS.ErrnoException | null, r: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    startSoon(() => {
      // A call can throw at once (e.g. a path with a NUL byte): that call fails, not the batch.
      try {
        f((e, r) => (e ? reject(e) : resolve(r)));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }),
  );
}

/**
 * Calls made while the loop handles one batch of completions start together, at setImmediate:
 * libuv's worker threads are then woken once for a batch rather than once per call, which
 * halves the main thread's time per call (measured on a pack load: 10 ms of 30 down to 5).
 */
let waiting: (() => void)[] = [];

function startSoon(start: () => void): void {
  if (!waiting.length) setImmediate(startWaiting);
  waiting.push(start);
}

function startWaiting(): void {
  const now = waiting;
  waiting = [];
  for (const start of now) start();
}

function kindOf(d: fs.Dirent): EntryKind {
  return d.isFile() ? 'file' : d.isDirectory() ? 'folder' : d.isSymbolicLink() ? 'symlink' : 'other';
}

// O_NONBLOCK: opening a FIFO does not wait for a writer (its read at an offset then fails).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** The first read's size: a lesson.json or a README fits, and then the read is open, read, close. */
const FIRST_READ = 64 * 1024;

/**
 * First-read buffers for reuse: a fresh 64 KB for every file of a large pack is memory that
 * makes the collector run; the bytes read are copied out at their size.
 */
const spare: Buffer[] = [];
const SPARE_KEPT = 32;

const fstat = (fd: number) => call<fs.Stats>((cb) => fs.fstat(fd, cb));
const readAt = (fd: number, into: Buffer, at: number, length: number) => call<number>((cb) => fs.read(fd, into, at, length, at, cb));

/**
 * Reads a file of at most `maxBytes` in the calls readFile makes or fewer: a file shorter than
 * the first read takes no fstat (a short read of a regular file is its end). A file that fills
 * the first read is fstat-ed: one that is not a regular file (a device) or is larger than
 * `maxBytes` is refused there, before the rest is read.
 */
async function readBounded(p: string, maxBytes: number): Promise<Uint8Array> {
  const fd = await call<number>((cb) => fs.open(p, OPEN_FLAGS, cb));
  const first = spare.pop() ?? Buffer.allocUnsafe(FIRST_READ);
  try {
    const got = await readAt(fd, first, 0, Math.min(FIRST_READ, maxBytes + 1));
    if (got < FIRST_READ && got <= maxBytes) return Uint8Array.prototype.slice.call(first, 0, got);
    const s = await fstat(fd);
    if (!s.isFile()) throw Object.assign(new Error(`${p} is not a regular file`), { code: 'ENOTREG' });
    if (s.size > maxBytes || got > maxBytes) throw Object.assign(new Error(`${p} is larger than ${maxBytes} bytes`), { code: 'EFBIG', size: Math.max(s.size, got) });
    // The rest, bounded by the size fstat gave: a file that grows meanwhile is not read past it.
    const bytes = Buffer.allocUnsafe(Math.max(s.size, got));
    first.copy(bytes, 0, 0, got);
    let at = got;
    while (at < bytes.length) {
      const n = await readAt(fd, bytes, at, bytes.length - at);
      if (!n) break;
      at += n;
    }
    return bytes.subarray(0, at);
  } finally {
    // Every read into `first` has settled here: it can be handed to the next file.
    if (spare.length < SPARE_KEPT) spare.push(first);
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
