// `ai-dojo verify` in live mode, run as a real command (node dist/cli.js), against a model server
// on 127.0.0.1 that fails in one way per test: 429 always, 500, an HTML page, text that is not
// JSON, empty choices, a reset connection, a hang, a body that drips. Each run must exit 1 with
// the cause and the endpoint named, advise in CLI terms (never the editor's commands), end within
// a generous bound that proves --model-timeout and --retries applied, and never print the API key,
// not even when a check, learner code or the server itself prints it.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { PackReport } from '../../src/core/verify/types';
import { ADD_LESSON, PACK, tempDir, tempPack } from './helpers/tempPack';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const KEY = 'sk-test-DO-NOT-PRINT-1234';
/**
 * Generous (a loaded machine verifies the lesson's other variants slowly), yet below what one
 * hanging call alone would take with the default --model-timeout of 30 s (and far below the 244 s
 * one failing lesson cost before): a run within it proves --model-timeout 1 applied.
 */
const BOUND_S = 28;
const timings: string[] = [];

type Mode = '429' | '500' | 'html' | 'non-json' | 'empty-choices' | 'reset' | 'hang' | 'drip' | '401-echo' | 'ok-echo';

interface Server {
  baseUrl: string;
  chatCalls: () => number;
  close: () => Promise<void>;
}

/** A model server that fails in one way on every chat call (the exotic ways the scripted server has no switch for). */
async function failingServer(mode: Mode): Promise<Server> {
  let calls = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'no such route' } }));
        return;
      }
      calls++;
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      switch (mode) {
        case '429':
          return json(429, { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } });
        case '500':
          return json(500, { error: { message: 'The server had an error while processing your request.' } });
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<!DOCTYPE html><html><head><title>Corporate Proxy Login</title></head><body><form>Sign in</form></body></html>');
        case 'non-json':
          res.writeHead(200, { 'content-type': 'text/plain' });
          return res.end('OK, but I am not an API');
        case 'empty-choices':
          return json(200, { id: 'x', object: 'chat.completion', model: 'm', choices: [] });
        case 'reset':
          return req.socket.destroy();
        case 'hang':
          return; // never answers
        case 'drip': {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"choices":[{"message":{"content":"');
          const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('a')), 100);
          timers.add(t);
          return;
        }
        case '401-echo':
          // OpenAI quotes the key it refused: the client must scrub it.
          return json(401, { error: { message: `Incorrect API key provided: ${KEY}.`, code: 'invalid_api_key' } });
        case 'ok-echo':
          // A model that says the key (prompt-injected into saying what it saw, say).
          return json(200, { id: 'x', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: `yes ${KEY}` }, finish_reason: 'stop' }] });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    chatCalls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const PROMPT_LESSON = {
  id: 't/yes', title: 'Yes', kind: 'prompt', summary: 'Say yes.', minutes: 5, files: ['p.prompty'], hints: ['a', 'b'],
  staticChecks: [{ name: 'asks for yes', type: 'contains', value: 'yes' }],
  checks: [{ name: 'says yes', type: 'starts-with', value: 'yes' }],
  cases: [{ name: 'one', vars: { q: 'Q1' } }, { name: 'two', vars: { q: 'Q2' } }],
};

/** Prompt lessons with no wrong variants: the runs here are about the live model, and fewer variants verify faster. */
function promptPack(ids: string[] = ['t/yes'], lesson: object = {}, replies: object = { reference: { one: 'yes', two: 'yes' } }): string {
  const files: Record<string, string | object> = { 'pack.json': { ...PACK, tracks: [{ id: 't', title: 'T', lessons: ids }] } };
  for (const id of ids) {
    Object.assign(files, {
      [`${id}/lesson.json`]: { ...PROMPT_LESSON, id, ...lesson },
      [`${id}/README.md`]: '# Yes',
      [`${id}/starter/p.prompty`]: 'user:\n{{q}}\n',
      [`${id}/solution/p.prompty`]: 'user:\n{{q}} Answer yes.\n',
      [`${id}/verify/replies.json`]: replies,
    });
  }
  return tempPack(files);
}

interface Run {
  code: number | null;
  out: string;
  json: string;
  report: PackReport;
  seconds: number;
}

/** node dist/cli.js verify <pack> --json <file> …, with only PATH and the live model's variables in its environment. */
function cli(args: string[], baseUrl: string | undefined, label: string): Promise<Run> {
  const jsonFile = path.join(tempDir('ai-dojo-live-report-'), 'report.json');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AI_DOJO_DEPS_CACHE: path.join(tempDir('ai-dojo-deps-'), 'deps') };
  if (baseUrl) Object.assign(env, { AI_DOJO_VERIFY_BASE_URL: baseUrl, AI_DOJO_VERIFY_MODEL: 'live-model', AI_DOJO_VERIFY_API_KEY: KEY });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'verify', ...args, '--json', jsonFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      const seconds = (performance.now() - started) / 1000;
      timings.push(`${label}: ${seconds.toFixed(1)} s`);
      const json = existsSync(jsonFile) ? readFileSync(jsonFile, 'utf8') : '';
      resolve({ code, out, json, report: json ? (JSON.parse(json) as PackReport) : ({} as PackReport), seconds });
    });
  });
}

function assertNoKey(r: Run): void {
  assert.ok(!r.out.includes(KEY), `the key was printed:\n${r.out}`);
  assert.ok(r.json, 'the JSON report was written');
  assert.ok(!r.json.includes(KEY), 'the key is in the JSON report');
  assert.doesNotMatch(r.out, /AI Dojo: [A-Z]/, 'CLI output speaks of the editor\'s commands');
}

describe('ai-dojo verify against a failing live model (dist/cli.js as a command)', function () {
  this.timeout(120_000);

  before(function () {
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first.');
  });
  after(function () {
    // The figures for the record: how long each failing run took, end to end.
    console.log(`      seconds per run: ${timings.join(', ')}`);
  });

  // calls: what reached the server for the two cases: 2 attempts each when the failure is worth a retry
  // (--retries 1). A network error also stops the other case's calls (the runner gives up on a
  // model it cannot reach), so a reset reaches the server 3 or 4 times, depending on timing.
  const cases: { mode: Mode; cause: RegExp; advice: RegExp; calls: number | [number, number] }[] = [
    { mode: '429', cause: /is rate-limiting requests \(429\): Rate limit reached/, advice: /--retries \(now 1\)/, calls: 4 },
    { mode: '500', cause: /failed with a server error \(500\)/, advice: /raise --retries \(now 1\)/, calls: 4 },
    { mode: 'html', cause: /answered with an HTML page \("Corporate Proxy Login"\)/, advice: /Check AI_DOJO_VERIFY_BASE_URL \(http:\/\/127\.0\.0\.1:\d+\/v1\)/, calls: 2 },
    { mode: 'non-json', cause: /answered with text that is not JSON \("OK, but I am not an API"\)/, advice: /Check AI_DOJO_VERIFY_BASE_URL/, calls: 2 },
    { mode: 'empty-choices', cause: /expected a chat completion with at least one choice, got an empty "choices" list/, advice: /Check AI_DOJO_VERIFY_BASE_URL/, calls: 2 },
    { mode: 'reset', cause: /The connection to 127\.0\.0\.1:\d+ failed/, advice: /Check AI_DOJO_VERIFY_BASE_URL .*network/, calls: [3, 4] },
    { mode: 'hang', cause: /No answer from http:\/\/127\.0\.0\.1:\d+\/v1 within 1 s/, advice: /raise --model-timeout \(now 1 s\)/, calls: 4 },
    { mode: 'drip', cause: /No answer from http:\/\/127\.0\.0\.1:\d+\/v1 within 1 s/, advice: /raise --model-timeout \(now 1 s\)/, calls: 4 },
  ];
  for (const { mode, cause, advice, calls } of cases) {
    it(`${mode}: exits 1 with the cause, the endpoint and what to do, in bounded time, without the key`, async function () {
      const server = await failingServer(mode);
      try {
        const r = await cli([promptPack(), '--model-timeout', '1', '--retries', '1', '--runs', '2'], server.baseUrl, mode);
        assert.equal(r.code, 1, r.out);
        assert.match(r.out, /^✘ t\/yes/m, r.out);
        const problem = r.report.lessons[0].problems.find((p) => p.startsWith('The live model failed'));
        assert.ok(problem, `no live-model problem in ${JSON.stringify(r.report.lessons[0].problems)}`);
        assert.match(problem, new RegExp(`at ${server.baseUrl.replace(/[.]/g, '\\.')}`), 'the endpoint is named');
        assert.match(problem, cause);
        assert.match(problem, advice);
        assert.ok(r.out.includes(problem), 'the problem is printed under the lesson');
        assert.match(r.out, /^FAILED: 0\/1 lessons verified/m);
        assert.match(r.out, /^Verifying .* \(live model live-model at http:\/\/127\.0\.0\.1:\d+\/v1; 1 s per attempt, 1 retry\)$/m);
        assert.ok(r.seconds < BOUND_S, `took ${r.seconds.toFixed(1)} s`);
        // Retried as --retries says, and only the first of the two live runs was made: a second would only fail again.
        const [least, most] = typeof calls === 'number' ? [calls, calls] : calls;
        assert.ok(server.chatCalls() >= least && server.chatCalls() <= most, `${server.chatCalls()} calls reached the server`);
        assertNoKey(r);
      } finally {
        await server.close();
      }
    });
  }

  it('once the endpoint failed, later lessons fail at once with the same cause', async function () {
    const server = await failingServer('hang');
    try {
      const r = await cli([promptPack(['t/a', 't/b', 't/c']), '--model-timeout', '1', '--retries', '0', '--runs', '1'], server.baseUrl, 'hang, 3 lessons');
      assert.equal(r.code, 1, r.out);
      assert.deepEqual(r.report.lessons.map((l) => l.ok), [false, false, false]);
      for (const l of r.report.lessons.slice(1)) {
        assert.ok(l.problems.some((p) => /^The live model at http:\/\/127\.0\.0\.1:\d+\/v1 was not called: it failed earlier in this run, on t\/a\. No answer from .* within 1 s\. .*--model-timeout \(now 1 s\)/.test(p)), l.problems.join('\n'));
      }
      assert.equal(server.chatCalls(), 2, 'only the first lesson\'s two cases reached the endpoint');
      assert.ok(r.seconds < 2 * BOUND_S, `took ${r.seconds.toFixed(1)} s`);
      assertNoKey(r);
    } finally {
      await server.close();
    }
  });

  it('a 401 that quotes the key: advice in CLI terms, the key scrubbed', async function () {
    const server = await failingServer('401-echo');
    try {
      const r = await cli([promptPack(), '--runs', '1'], server.baseUrl, '401');
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /The live model failed [12] of 2 calls at http:\/\/127\.0\.0\.1:\d+\/v1: The endpoint rejected the API key \(401\)\. Set AI_DOJO_VERIFY_API_KEY to a key this endpoint accepts/);
      assertNoKey(r);
    } finally {
      await server.close();
    }
  });

  it('the key is redacted when the model, a check or learner code prints or throws it', async function () {
    const server = await failingServer('ok-echo');
    try {
      const lessons = ['t/yes', 't/add'];
      const root = promptPack(['t/yes'], {
        checks: [
          { name: 'says yes', type: 'starts-with', value: 'yes' },
          { name: 'leaky check', type: 'javascript', value: `console.log(${JSON.stringify(KEY)}); return { pass: false, score: 0, reason: 'the check saw ' + ${JSON.stringify(KEY)} };` },
        ],
      }, { reference: { one: `yes ${KEY}`, two: 'yes' } });
      // A code lesson whose reference logs the key and throws it.
      const leak = `export function add(a: number, b: number): number {\n  console.log(${JSON.stringify(KEY)});\n  throw new Error('learner code got ' + ${JSON.stringify(KEY)});\n}\n`;
      const pack = JSON.parse(readFileSync(path.join(root, 'pack.json'), 'utf8')) as typeof PACK;
      pack.tracks[0].lessons = lessons;
      const extra = tempPack({
        'pack.json': pack,
        't/add/lesson.json': ADD_LESSON,
        't/add/README.md': '# Add',
        't/add/starter/add.ts': 'export function add(a: number, b: number): number {\n  return 0;\n}\n',
        't/add/solution/add.ts': leak,
      });
      // One pack with both lessons: copy the prompt lesson beside the code lesson.
      const { cpSync } = await import('node:fs');
      cpSync(path.join(root, 't', 'yes'), path.join(extra, 't', 'yes'), { recursive: true });
      const r = await cli([extra, '--runs', '1'], server.baseUrl, 'leaks');
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /the check saw \[redacted\]/, r.out);
      assert.match(r.out, /learner code got \[redacted\]/, r.out);
      assert.ok(r.json.includes('[redacted]'));
      assertNoKey(r);
    } finally {
      await server.close();
    }
  });

  it('rejects bad --model-timeout and --retries values and documents both', async function () {
    const bad = await cli([promptPack(), '--model-timeout', '0'], undefined, 'usage');
    assert.equal(bad.code, 2);
    assert.match(bad.out, /--model-timeout takes seconds/);
    const bad2 = await cli([promptPack(), '--retries', '-1'], undefined, 'usage');
    assert.equal(bad2.code, 2);
    assert.match(bad2.out, /--retries takes a whole number from 0 to 10/);
    assert.match(bad2.out, /--model-timeout <seconds>\s+per attempt of a live call \(default 30\)/);
    assert.match(bad2.out, /--retries <n>\s+retries of a live call/);
  });
});
