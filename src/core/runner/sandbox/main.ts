// Runs in its own Node process (forked by codeRunner): loads the learner's module, calls it
// for each check and grades the result. Nothing here touches the editor; a loop, a crash or
// a memory bomb here ends this process only.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module from 'node:module';
import { evaluateCheck } from '../../checks/engine';
import { toCommonJs } from './transpile';
import { REQUESTS_ROUTE } from '../../model/requestsRoute';
import type { AiCall, SandboxEvent, SandboxGradeRequest, SandboxRequest, SandboxRunRequest } from './messages';

function send(event: SandboxEvent): void {
  process.send?.(event);
}

// Taken before learner code loads, which may replace the global (e.g. to wrap it).
const nativeFetch = globalThis.fetch;

let current: number | null = null;
let logBudget = 0;

function capture(stream: 'log' | 'error', parts: unknown[]): void {
  if (logBudget <= 0) return;
  let text = parts.map((p) => (typeof p === 'string' ? p : inspect(p))).join(' ');
  if (text.length > logBudget) text = `${text.slice(0, logBudget)}\n… output truncated`;
  logBudget -= text.length;
  send({ type: 'log', index: current, stream, text });
}

function inspect(v: unknown): string {
  try {
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  } catch {
    return String(v);
  }
}

// `import { ai } from 'ai-dojo'`: the model, proxied by the editor. No key ever enters this process.
const pendingAi = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let aiCalls = 0;
const MAX_AI_CALLS = 500;

function callAi(call: AiCall): Promise<unknown> {
  if (++aiCalls > MAX_AI_CALLS) return Promise.reject(new Error(`More than ${MAX_AI_CALLS} ai calls in one run: look for a call inside a loop that never ends.`));
  const id = aiCalls;
  return new Promise((resolve, reject) => {
    pendingAi.set(id, { resolve, reject });
    send({ type: 'ai', id, call });
  });
}

const aiModule = {
  ai: {
    /** Embeds one text or many; returns one vector per text. */
    async embed(input: string | string[]): Promise<number[][]> {
      const texts = Array.isArray(input) ? input : [input];
      if (!texts.every((t) => typeof t === 'string')) throw new TypeError('ai.embed takes a string or an array of strings.');
      return (await callAi({ op: 'embed', texts })) as number[][];
    },
    /** One chat completion: a prompt string or messages. */
    async chat(input: string | { role: 'system' | 'user' | 'assistant'; content: string }[], opts: { temperature?: number; maxTokens?: number } = {}): Promise<{ text: string; usage?: unknown }> {
      const messages = typeof input === 'string' ? [{ role: 'user' as const, content: input }] : input;
      return (await callAi({ op: 'chat', messages, ...opts })) as { text: string; usage?: unknown };
    },
  },
};

function installHooks(learnerDir: string, sources: Record<string, string>): void {
  const M = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load0 = M._load.bind(Module);
  M._load = (request, parent, isMain) => {
    if (request === 'ai-dojo') return aiModule;
    // zod ships with the extension (lessons on schemas and structured output use it) and loads
    // only when learner code imports it. Only the lesson folder's own node_modules/zod wins: a
    // zod 3 somewhere up the learner's workspace must not change what the lesson runs on.
    if ((request === 'zod' || request === 'zod/v4') && !fs.existsSync(path.join(learnerDir, 'node_modules', 'zod'))) {
      return load0(path.join(__dirname, 'vendor', 'zod.js'), parent, isMain);
    }
    return load0(request, parent, isMain);
  };

  const exts = (Module as unknown as { _extensions: Record<string, (m: { _compile(code: string, file: string): void }, file: string) => void> })._extensions;
  const read = (file: string) => sources[file] ?? fs.readFileSync(file, 'utf8');
  const load = (m: { _compile(code: string, file: string): void }, file: string) => m._compile(toCommonJs(read(file), file), file);
  for (const ext of ['.ts', '.mts', '.cts', '.tsx']) exts[ext] = load;
  const jsLoader = exts['.js'];
  // Only the learner's own files are transpiled; installed packages load as Node loads them.
  const own = (file: string) => file.startsWith(learnerDir) && !file.includes(`${path.sep}node_modules${path.sep}`);
  exts['.js'] = (m, file) => (own(file) ? load(m, file) : jsLoader(m, file));

  console.log = console.info = console.debug = (...a: unknown[]) => capture('log', a);
  console.error = console.warn = (...a: unknown[]) => capture('error', a);
  // process.exit in learner code would end the run without results; make it an error instead.
  process.exit = ((code?: number) => {
    throw new Error(`process.exit(${code ?? ''}) was called: return a value instead of exiting.`);
  }) as typeof process.exit;
  process.on('uncaughtException', (e) => capture('error', [`Uncaught exception: ${e instanceof Error ? e.stack ?? e.message : String(e)}`]));
  process.on('unhandledRejection', (e) => capture('error', [`Unhandled promise rejection: ${e instanceof Error ? e.message : String(e)}`]));
}

function errorInfo(e: unknown): { message: string; name?: string } {
  return e instanceof Error ? { message: e.message, name: e.name } : { message: String(e) };
}

async function run(req: SandboxRunRequest): Promise<void> {
  // Started ahead of time (see SandboxPool): move into the learner's folder now.
  process.chdir(req.learnerDir);
  logBudget = req.maxLogChars;
  installHooks(req.learnerDir, req.sources);
  let mod: Record<string, unknown>;
  try {
    mod = Module.createRequire(req.entryPath)(req.entryPath) as Record<string, unknown>;
  } catch (e) {
    const info = errorInfo(e);
    send({ type: 'loadError', message: `${path.basename(req.entryPath)} could not be loaded: ${info.message}` });
    send({ type: 'done' });
    return;
  }
  for (const [index, spec] of req.checks.entries()) {
    current = index;
    send({ type: 'start', index });
    const fnName = spec.call ?? req.defaultCall ?? '';
    const fn = mod[fnName];
    const started = performance.now();
    if (typeof fn !== 'function') {
      const found = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
      send({
        type: 'result',
        index,
        durationMs: 0,
        outcome: { pass: false, score: 0, reason: `${path.basename(req.entryPath)} does not export a function named "${fnName}"${found.length ? ` (it exports: ${found.join(', ')})` : ''}.` },
      });
      continue;
    }
    const args = spec.args ?? [];
    let output: unknown;
    let error: { message: string; name?: string } | undefined;
    try {
      output = await (fn as (...a: unknown[]) => unknown)(...structuredClone(args));
    } catch (e) {
      error = errorInfo(e);
    }
    const durationMs = performance.now() - started;
    const serverUrl = req.serverUrls?.[index];
    const requests = serverUrl ? await recordedRequests(serverUrl) : undefined;
    send({ type: 'result', index, durationMs, outcome: evaluateCheck(spec, { output, error, args, ...(requests ? { requests } : {}) }) });
  }
  current = null;
  send({ type: 'done' });
}

/** What the learner's code sent to the check's scripted server (read over loopback HTTP). */
async function recordedRequests(url: string): Promise<unknown[]> {
  try {
    const res = await nativeFetch(url + REQUESTS_ROUTE);
    return (await res.json()) as unknown[];
  } catch (e) {
    capture('error', [`Could not read the scripted server's requests: ${errorInfo(e).message}`]);
    return [];
  }
}

// A warm process whose parent went away (editor closed) has nothing left to do.
const exit = process.exit.bind(process);
process.once('disconnect', () => exit(0));

function grade(req: SandboxGradeRequest): void {
  for (const [index, item] of req.items.entries()) {
    const started = performance.now();
    const outcome = evaluateCheck(item.spec, item.input);
    send({ type: 'result', index, outcome, durationMs: performance.now() - started });
  }
  send({ type: 'done' });
}

let started = false;
process.on('message', (req: SandboxRequest) => {
  if (req.type === 'aiResult') {
    const p = pendingAi.get(req.id);
    pendingAi.delete(req.id);
    if (req.error !== undefined) p?.reject(new Error(req.error));
    else p?.resolve(req.result);
    return;
  }
  if (started) return;
  started = true;
  if (req.type === 'grade') grade(req);
  else void run(req);
});
