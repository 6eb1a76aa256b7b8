import { promises as fs } from 'node:fs';

export interface FileKind {
  size: number;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

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
  /** The raw bytes, so a file that is not UTF-8 is reported rather than read with U+FFFD. */
  readBytes?(path: string): Promise<Uint8Array>;
}

export const nodeFiles: FilePort = {
  readText: (p) => fs.readFile(p, 'utf8'),
  exists: (p) => fs.access(p).then(() => true, () => false),
  realpath: (p) => fs.realpath(p),
  stat: async (p) => {
    const s = await fs.stat(p);
    return { size: s.size, isFile: s.isFile() };
  },
  lstat: async (p) => {
    const s = await fs.lstat(p);
    return { size: s.size, isFile: s.isFile(), isDirectory: s.isDirectory(), isSymbolicLink: s.isSymbolicLink() };
  },
  readBytes: (p) => fs.readFile(p),
};
