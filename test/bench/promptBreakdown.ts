// Where the time of a prompt run at 0 ms model latency goes: the pieces of promptHarness.ts's
// work measured alone, 50 cases at concurrency 4, interleaved so that a loaded machine slows
// each about as much. Prints one JSON line: per piece, the median wall and CPU (this process,
// every thread) in ms a case.
//   http    node:http keep-alive round trips to the scripted server (the loopback floor)
//   fetch   the same requests through global fetch (undici)
//   client  OpenAiCompatibleClient.chat (the openai SDK over fetch, with our caps and watchdog)
//   grader  the three checks of a case graded in the grader process
//   runner  runPromptChecks with a model that answers at once in-process (no HTTP)
//   run     the whole run, as promptHarness.ts measures it
// Usage: node -r sucrase/register/ts test/bench/promptBreakdown.ts [reps]
import * as http from 'node:http';
import * as path from 'node:path';
import { nodeFiles } from '../../src/core/lessons/files';
import { OpenAiCompatibleClient } from '../../src/core/model/openaiClient';
import { startScriptedServer } from '../../src/core/model/scriptedServer';
import type { ModelClient } from '../../src/core/model/types';
import type { CheckSpec } from '../../src/core/lessons/schema';
import { Grader } from '../../src/core/runner/gradeInSandbox';
import { createLimiter } from '../../src/core/runner/limit';
import { runPromptChecks } from '../../src/core/runner/promptRunner';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
import { CASES, CONCURRENCY, SYSTEM, benchLesson, runOnce, ticket } from './promptOnce';

const REPLY = '{"category": "billing", "summary": "Charged twice."}';
const CHECKS = [{ type: 'is-json' }, { type: 'contains', value: 'billing' }, { type: 'javascript', value: 'JSON.parse(output).category === "billing"' }] as CheckSpec[];

/** The cases of one run at the bench's concurrency. */
async function cases(call: (i: number) => Promise<unknown>): Promise<void> {
  const limit = createLimiter(CONCURRENCY);
  await Promise.all(Array.from({ length: CASES }, (_, i) => limit(() => call(i))));
}

async function main() {
  const reps = Number(process.argv[2] ?? 7);
  const server = await startScriptedServer({ reply: { text: REPLY, latencyMs: 0 } });
  const sandbox = path.resolve(__dirname, '../../dist/sandbox.js');
  const pool = new SandboxPool(sandbox);
  // Its own pool: a pool keeps one used grader, and the runs below keep theirs.
  const graderPool = new SandboxPool(sandbox);
  const bench = await benchLesson();
  const messages = (i: number) => [
    { role: 'system' as const, content: SYSTEM },
    { role: 'user' as const, content: `<ticket>\n${ticket(i)}\n</ticket>` },
  ];
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = `${server.baseUrl}/chat/completions`;
  const body = (i: number) => JSON.stringify({ model: 'scripted-chat', messages: messages(i), temperature: 0 });
  const client = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, apiKey: async () => undefined, timeoutMs: 30_000, maxRetries: 0 });
  const instant: ModelClient = {
    chat: async (r) => ({ text: REPLY, model: r.model, latencyMs: 0, attempts: 1, usage: { promptTokens: 30, completionTokens: 9, totalTokens: 39 } }),
    embed: async () => ({ vectors: [], latencyMs: 0 }),
    listModels: async () => [],
  };

  const pieces: Record<string, () => Promise<unknown>> = {
    http: () =>
      cases(
        (i) =>
          new Promise<void>((resolve, reject) => {
            const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
              let text = '';
              res.on('data', (d: Buffer) => (text += d.toString()));
              res.on('end', () => resolve(void JSON.parse(text)));
            });
            req.on('error', reject);
            req.end(body(i));
          }),
      ),
    fetch: () => cases(async (i) => (await fetch(url, { method: 'POST', body: body(i), headers: { 'content-type': 'application/json' } })).json()),
    client: () => cases((i) => client.chat({ model: 'scripted-chat', messages: messages(i), temperature: 0 })),
    grader: async () => {
      const grader = new Grader({ pool: graderPool, timeoutMs: 30_000, memoryMb: 256, reuse: 'breakdown' });
      try {
        await cases((i) => grader.grade(CHECKS.map((spec) => ({ spec, input: { output: REPLY, args: [{ case: `case ${i + 1}`, vars: { ticket: ticket(i) } }] } }))));
      } finally {
        grader.dispose();
      }
    },
    runner: async () => {
      const r = await runPromptChecks({ ...bench, files: nodeFiles, model: { client: instant, chatModel: 'scripted-chat', temperature: 0, concurrency: CONCURRENCY, endpoint: 'instant' }, pool, gradeTimeoutMs: 30_000, memoryMb: 256 });
      if (r.outcome !== 'passed') throw new Error(`runner did not pass: ${r.message ?? r.outcome}`);
    },
    run: () => runOnce(server.baseUrl, bench, pool),
  };

  const wall: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  for (let rep = -1; rep < reps; rep++) {
    for (const [name, piece] of Object.entries(pieces)) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await piece();
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      if (rep < 0) continue; // warm-up
      (wall[name] ??= []).push(ms / CASES);
      (cpu[name] ??= []).push((c.user + c.system) / 1000 / CASES);
    }
  }
  agent.destroy();
  await server.close();
  pool.dispose();
  graderPool.dispose();
  const median = (xs: number[]) => Number([...xs].sort((a, b) => a - b)[xs.length >> 1].toFixed(3));
  const out = Object.fromEntries(Object.keys(pieces).map((k) => [k, { wall: median(wall[k]), cpu: median(cpu[k]) }]));
  console.log(JSON.stringify({ cases: CASES, concurrency: CONCURRENCY, msPerCase: out }));
}

void main();
