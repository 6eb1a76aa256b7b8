import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Writes a file of a test pack under `root`, creating folders; objects are written as JSON. */
export function write(root: string, rel: string, content: string | object): void {
  const p = path.join(root, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}
