// Harness overhead of a prompt lesson run: 50 cases x 3 checks (is-json, contains, javascript)
// against the scripted OpenAI-compatible server at 0 ms and 200 ms latency, concurrency 4,
// no cache; the same work BENCH.md measures for promptfoo. Prints one JSON line.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import { OpenAiCompatibleClient } from '../../src/core/model/openaiClient';
import { startScriptedServer } from '../../src/core/model/scriptedServer';
import { runPromptChecks } from '../../src/core/runner/promptRunner';
import { SandboxPool } from '../../src/core/runner/sandboxPool';

const CASES = 50;
const CONCURRENCY = 4;
const PROMPT = 'system:\nClassify the ticket. Reply with JSON only.\n\nuser:\n<ticket>\n{{ticket}}\n</ticket>\n';

function writePack(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-bench-pack-'));
  const put = (rel: string, content: string | object) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), typeof content === 'string' ? content : JSON.stringify(content));
  };
  put('pack.json', { id: 'bench', name: 'Bench', version: '1.0.0', tracks: [{ id: 'b', title: 'B', lessons: ['b/tickets'] }] });
  put('b/tickets/lesson.json', {
    id: 'b/tickets',
    title: 'Tickets',
    kind: 'prompt',
    summary: 'Bench.',
    minutes: 5,
    files: ['t.prompty'],
    cases: Array.from({ length: CASES }, (_, i) => ({ name: `case ${i + 1}`, vars: { ticket: `Ticket ${i + 1}: I was charged twice for order ${1000 + i}.` } })),
    checks: [
      { type: 'is-json' },
      { type: 'contains', value: 'billing' },
      { type: 'javascript', value: 'JSON.parse(output).category === "billing"' },
    ],
  });
  put('b/tickets/README.md', '# Bench');
  put('b/tickets/starter/t.prompty', PROMPT);
  put('b/tickets/solution/t.prompty', PROMPT);
  return root;
}

async function main() {
  const root = path.resolve(__dirname, '../..');
  const runs = Number(process.argv[2] ?? 5);
  const catalog = await Catalog.load([writePack()], nodeFiles);
  const lesson = catalog.lessons[0];
  const learnerDir = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-bench-learner-'));
  writeFileSync(path.join(learnerDir, 't.prompty'), PROMPT);
  const pool = new SandboxPool(path.join(root, 'dist', 'sandbox.js'));
  const out: Record<string, number[]> = {};
  for (const latencyMs of [0, 200]) {
    const server = await startScriptedServer({ reply: { text: '{"category": "billing", "summary": "Charged twice."}', latencyMs } });
    const client = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, apiKey: async () => undefined, timeoutMs: 30_000, maxRetries: 0 });
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const r = await runPromptChecks({ lesson, learnerDir, files: nodeFiles, model: { client, chatModel: 'scripted-chat', temperature: 0, concurrency: CONCURRENCY, endpoint: server.baseUrl }, pool, gradeTimeoutMs: 30_000, memoryMb: 256 });
      if (r.outcome !== 'passed') throw new Error(`bench run did not pass: ${r.message ?? r.outcome}`);
      if (i > 0) times.push(performance.now() - t0); // the first run warms up
    }
    out[`latency${latencyMs}`] = times;
    await server.close();
  }
  pool.dispose();
  console.log(JSON.stringify({ cases: CASES, concurrency: CONCURRENCY, ...out }));
}

void main();
