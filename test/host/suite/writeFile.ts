import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Writes a file of a test pack under `root`, creating folders; objects are written as JSON. */
export function write(root: string, rel: string, content: string | object): void {
  const p = path.join(root, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

/** A one-lesson pack (t/add: add two numbers) with this pack id, name, version and lesson title. */
export function addLessonPack(root: string, opts: { id: string; name: string; version: string; title: string }): void {
  write(root, 'pack.json', { id: opts.id, name: opts.name, version: opts.version, tracks: [{ id: 't', title: 'Team track', lessons: ['t/add'] }] });
  write(root, 't/add/lesson.json', { id: 't/add', title: opts.title, kind: 'code', summary: 'Adds.', minutes: 5, files: ['add.ts'], call: 'add', hints: ['a', 'b'], checks: [{ args: [1, 2], type: 'equals', value: 3 }] });
  write(root, 't/add/README.md', '# Add');
  write(root, 't/add/starter/add.ts', 'export function add(a: number, b: number) { return 0; }\n');
  write(root, 't/add/solution/add.ts', 'export function add(a: number, b: number) { return a + b; }\n');
}

/** Polls until `probe` returns a value (file watchers and other extensions work in their own time). */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
