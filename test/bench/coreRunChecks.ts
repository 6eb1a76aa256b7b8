// Times the core runner (child process, transpile, checks) on a built-in lesson, without VS Code.
// Prints one JSON line: the measured durations in ms.
import { cpSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import { runCodeChecks } from '../../src/core/runner/codeRunner';

async function main() {
  const root = path.resolve(__dirname, '../..');
  const runs = Number(process.argv[2] ?? 20);
  const catalog = await Catalog.load([path.join(root, 'lessons')], nodeFiles);
  const lesson = catalog.find('rag/cosine-topk');
  if (!lesson) throw new Error('rag/cosine-topk not found');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-bench-'));
  cpSync(path.join(lesson.dir, 'solution'), dir, { recursive: true });
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const r = await runCodeChecks({ lesson, learnerDir: dir, sandboxScript: path.join(root, 'dist/sandbox.js'), files: nodeFiles, timeoutMs: 10_000, memoryMb: 256 });
    if (r.outcome !== 'passed') throw new Error(`reference did not pass: ${r.outcome}`);
    if (i > 0) times.push(performance.now() - t0);
  }
  console.log(JSON.stringify(times));
}

void main();
