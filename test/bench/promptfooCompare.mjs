// Side by side, in one run: the same work (one prompt, 50 cases, is-json + contains +
// javascript, concurrency 4, no cache) through `promptfoo eval` and through AI Dojo's prompt
// runner as a command, both against the same scripted server on 127.0.0.1. Whole processes are
// timed, interleaved. Nothing leaves the machine: promptfoo's beacon goes to a closed port.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export async function comparePromptfoo({ root, runs = 5 }) {
  const pf = join(root, '.tools/promptfoo/node_modules/promptfoo/dist/src/entrypoint.js');
  if (!existsSync(pf)) return { skipped: 'promptfoo is not installed: run `bash test/bench/install-promptfoo.sh` (benchmark only, ~1.9 GB)' };
  const { startScriptedServer } = createRequire(import.meta.url)(join(root, 'out', 'scriptedServer.js'));
  const work = join(root, '.tools/promptfoo/work');
  mkdirSync(join(work, 'config'), { recursive: true });
  const env = {
    ...process.env,
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    PROMPTFOO_CONFIG_DIR: join(work, 'config'),
  };
  // Asynchronous: the scripted server answers from this same process while the command runs.
  const time = (cmd, args) =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      execFile(cmd, args, { cwd: work, env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        const ms = performance.now() - t0;
        if (err || /\b[1-9]\d* failed\b/.test(stdout)) reject(new Error(`${args[0]} failed:\n${stdout}\n${stderr}`));
        else resolve(ms);
      });
    });
  const out = {};
  for (const latencyMs of [0, 200]) {
    const server = await startScriptedServer({ reply: { text: '{"category": "billing", "summary": "Charged twice."}', latencyMs } });
    const tests = Array.from({ length: 50 }, (_, i) => `  - vars: { ticket: "Ticket ${i + 1}: I was charged twice for order ${1000 + i}." }`).join('\n');
    writeFileSync(
      join(work, 'config.yaml'),
      `prompts:\n  - id: classify\n    raw: '[{"role": "system", "content": "Classify the ticket. Reply with JSON only."}, {"role": "user", "content": "<ticket>\\n{{ticket}}\\n</ticket>"}]'\nproviders:\n  - id: openai:chat:scripted-chat\n    config: { apiBaseUrl: "${server.baseUrl}", apiKey: sk-bench, temperature: 0 }\ndefaultTest:\n  assert:\n    - type: is-json\n    - type: contains\n      value: billing\n    - type: javascript\n      value: JSON.parse(output).category === "billing"\ntests:\n${tests}\n`,
    );
    const ours = [];
    const theirs = [];
    // One warm-up each (disk caches), then interleaved measured runs.
    const pfArgs = [pf, 'eval', '-c', 'config.yaml', '--no-cache', '--max-concurrency', '4', '--no-table', '--no-write'];
    const ourArgs = [join(root, 'out/bench/promptOnce.js'), server.baseUrl, join(root, 'dist/sandbox.js')];
    await time(process.execPath, pfArgs);
    await time(process.execPath, ourArgs);
    for (let i = 0; i < runs; i++) {
      theirs.push(await time(process.execPath, pfArgs));
      ours.push(await time(process.execPath, ourArgs));
    }
    await server.close();
    out[`latency${latencyMs}`] = { ours, promptfoo: theirs };
  }
  return out;
}
