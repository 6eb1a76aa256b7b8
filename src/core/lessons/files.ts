import { promises as fs } from 'node:fs';

/** How core reads lesson content. Host and tests may supply their own (e.g. in memory). */
export interface FilePort {
  readText(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  /** The path with every symlink resolved; a port without links may leave it out. */
  realpath?(path: string): Promise<string>;
  /** Size and kind, so a huge file or a FIFO is refused before it is read. */
  stat?(path: string): Promise<{ size: number; isFile: boolean }>;
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
  readBytes: (p) => fs.readFile(p),
};
