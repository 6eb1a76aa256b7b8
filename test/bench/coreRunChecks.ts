// Times the core runner (child process, transpile, checks) on a built-in lesson, without VS Code.
// Prints one JSON line: the measured durations in ms.
import { cpSync } from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import { runCodeChecks } from '../../src/core/runner/codeRunner';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
// Removed when the process exits.
import { tempDir } from '../unit/helpers/tempPack';

async function main() {
  const root = path.resolve(__dirname, '../..');
  const runs = Number(process.argv[2] ?? 20);
  const catalog = await Catalog.load([path.join(root, 'lessons')], nodeFiles);
  const lesson = catalog.find('rag/cosine-topk');
  if (!lesson) throw new Error('rag/cosine-topk not found');
  const dir = tempDir('ai-dojo-bench-');
  cpSync(path.join(lesson.dir, 'solution'), dir, { recursive: true });
  const sandbox = path.join(root, 'dist/sandbox.js');
  // warm: the pool has a sandbox started ahead of time, as in the editor between runs.
  // cold: every run starts its process (what a first run after opening VS Code can cost).
  const measure = async (warm: boolean) => {
    const times: number[] = [];
    const pool = new SandboxPool(sandbox);
    for (let i = 0; i <= runs; i++) {
      if (!warm) pool.dispose();
      else await new Promise((r) => setTimeout(r, 150)); // a learner's pause between runs
      const t0 = performance.now();
      const r = await runCodeChecks({ lesson, learnerDir: dir, pool, files: nodeFiles, timeoutMs: 10_000, memoryMb: 256 });
      if (r.outcome !== 'passed') throw new Error(`reference did not pass: ${r.outcome}`);
      if (i > 0) times.push(performance.now() - t0);
    }
    pool.dispose();
    return times;
  };
  console.log(JSON.stringify({ warm: await measure(true), cold: await measure(false) }));
}

void main();
