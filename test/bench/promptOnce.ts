// One prompt-lesson run of the bench work (50 cases x is-json, contains, javascript) against an
// OpenAI-compatible base URL. As a script (bundled to out/bench/promptOnce.js) it is the
// "whole command" compared with `promptfoo eval`; promptHarness.ts reuses it in-process.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import type { Lesson } from '../../src/core/lessons/model';
import { OpenAiCompatibleClient } from '../../src/core/model/openaiClient';
import { runPromptChecks } from '../../src/core/runner/promptRunner';
import type { RunResult } from '../../src/core/runner/result';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
// Temp folders removed when the process exits (the bench runs this command many times).
import { tempDir } from '../unit/helpers/tempPack';

export const CASES = 50;
export const CONCURRENCY = 4;
export const SYSTEM = 'Classify the ticket. Reply with JSON only.';
export const ticket = (i: number) => `Ticket ${i + 1}: I was charged twice for order ${1000 + i}.`;
const PROMPT = `system:\n${SYSTEM}\n\nuser:\n<ticket>\n{{ticket}}\n</ticket>\n`;

export async function benchLesson(): Promise<{ lesson: Lesson; learnerDir: string }> {
  const root = tempDir('ai-dojo-bench-pack-');
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
    cases: Array.from({ length: CASES }, (_, i) => ({ name: `case ${i + 1}`, vars: { ticket: ticket(i) } })),
    checks: [{ type: 'is-json' }, { type: 'contains', value: 'billing' }, { type: 'javascript', value: 'JSON.parse(output).category === "billing"' }],
  });
  put('b/tickets/README.md', '# Bench');
  put('b/tickets/starter/t.prompty', PROMPT);
  put('b/tickets/solution/t.prompty', PROMPT);
  const learnerDir = tempDir('ai-dojo-bench-learner-');
  writeFileSync(path.join(learnerDir, 't.prompty'), PROMPT);
  const catalog = await Catalog.load([root], nodeFiles);
  return { lesson: catalog.lessons[0], learnerDir };
}

export async function runOnce(baseUrl: string, bench: { lesson: Lesson; learnerDir: string }, pool: SandboxPool): Promise<RunResult> {
  const client = new OpenAiCompatibleClient({ baseUrl, apiKey: async () => undefined, timeoutMs: 30_000, maxRetries: 0 });
  const r = await runPromptChecks({ ...bench, files: nodeFiles, model: { client, chatModel: 'scripted-chat', temperature: 0, concurrency: CONCURRENCY, endpoint: baseUrl }, pool, gradeTimeoutMs: 30_000, memoryMb: 256 });
  if (r.outcome !== 'passed') throw new Error(`bench run did not pass: ${r.message ?? r.outcome}`);
  return r;
}

// As a command: node out/bench/promptOnce.js <baseUrl> <dist/sandbox.js>
if (require.main === module) {
  const [baseUrl, sandbox] = process.argv.slice(2);
  const pool = new SandboxPool(sandbox);
  void benchLesson()
    .then((bench) => runOnce(baseUrl, bench, pool))
    .then(
      (r) => console.log(`${r.passed} passed, ${r.total - r.passed} failed`),
      (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
      },
    )
    .finally(() => pool.dispose());
}
