import { promises as fs } from 'node:fs';

/** How core reads lesson content. Host and tests may supply their own (e.g. in memory). */
export interface FilePort {
  readText(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
}

export const nodeFiles: FilePort = {
  readText: (p) => fs.readFile(p, 'utf8'),
  exists: (p) => fs.access(p).then(() => true, () => false),
};
