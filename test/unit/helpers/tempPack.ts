import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const created: string[] = [];
// Tests leave nothing behind in the temp folder.
process.on('exit', () => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});

function makeTemp(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes a pack to a fresh temp folder from a map of relative path -> content (objects become JSON). */
export function tempPack(files: Record<string, string | object>): string {
  const root = makeTemp('ai-dojo-pack-');
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return root;
}

export function tempDir(prefix = 'ai-dojo-'): string {
  return makeTemp(prefix);
}

export const PACK = { id: 'p', name: 'Test pack', version: '1.0.0', tracks: [{ id: 't', title: 'Track', lessons: ['t/add'] }] };

export const ADD_LESSON = {
  id: 't/add',
  title: 'Add',
  kind: 'code',
  summary: 'Adds two numbers.',
  minutes: 5,
  files: ['add.ts'],
  call: 'add',
  hints: ['Use +.', 'return a + b'],
  checks: [
    { name: 'adds small numbers', args: [1, 2], type: 'equals', value: 3 },
    { name: 'adds negatives', args: [-1, -2], type: 'equals', value: -3 },
  ],
};

/** A valid one-lesson pack; override files to break it. */
export function addPack(overrides: Record<string, string | object> = {}): string {
  return tempPack({
    'pack.json': PACK,
    't/add/lesson.json': ADD_LESSON,
    't/add/README.md': '# Add\n\nAdd two numbers.',
    't/add/starter/add.ts': 'export function add(a: number, b: number): number {\n  return 0;\n}\n',
    't/add/solution/add.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
    ...overrides,
  });
}
