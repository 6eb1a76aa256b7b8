// Harness overhead of a prompt lesson run: 50 cases x 3 checks (is-json, contains, javascript)
// against the scripted OpenAI-compatible server at 0 ms and 200 ms latency, concurrency 4,
// no cache; the same work BENCH.md measures for promptfoo. Prints one JSON line.
import * as path from 'node:path';
import { startScriptedServer } from '../../src/core/model/scriptedServer';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
import { CASES, CONCURRENCY, benchLesson, runOnce } from './promptOnce';

async function main() {
  const runs = Number(process.argv[2] ?? 5);
  const bench = await benchLesson();
  const pool = new SandboxPool(path.resolve(__dirname, '../../dist/sandbox.js'));
  const out: Record<string, number[]> = {};
  for (const latencyMs of [0, 200]) {
    const server = await startScriptedServer({ reply: { text: '{"category": "billing", "summary": "Charged twice."}', latencyMs } });
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      await runOnce(server.baseUrl, bench, pool);
      if (i > 0) times.push(performance.now() - t0); // the first run warms up
    }
    out[`latency${latencyMs}`] = times;
    await server.close();
  }
  pool.dispose();
  console.log(JSON.stringify({ cases: CASES, concurrency: CONCURRENCY, ...out }));
}

void main();
