// The learner role: loads the learner's module and calls its functions when the parent asks.
// It never sees a check or an expected value and never grades: whatever it sends back (even a
// message forged by learner code) is an output the parent grades elsewhere.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module from 'node:module';
import { toCommonJs } from './transpile';
import { describeLoadError } from './loadError';
import { errorInfo, guardExit } from './guards';
import { snapshot } from './snapshot';
import type { AiCall, LearnerCallRequest, LearnerEvent, LearnerLoadRequest, LearnerRequest } from './messages';
import { mulberry32 } from '../../util/seeded';

type Send = (event: LearnerEvent) => void;

let current: number | null = null;
let logBudget = 0;
let mod: Record<string, unknown> | undefined;

export function learnerRole(send: Send): (req: LearnerRequest) => void {
  const ai = aiBridge(send);
  let loaded = false;
  return (req) => {
    if (req.type === 'aiResult') ai.answer(req.id, req.result, req.error);
    else if (req.type === 'call') void call(send, req);
    else if (req.type === 'load' && !loaded) {
      loaded = true;
      load(send, req, ai.module);
    }
  };
}

function load(send: Send, req: LearnerLoadRequest, aiModule: unknown): void {
  // Started ahead of time (see SandboxPool): move into the learner's folder now.
  process.chdir(req.learnerDir);
  logBudget = req.maxLogChars;
  installHooks(send, req.learnerDir, req.sources, aiModule);
  try {
    mod = Module.createRequire(req.entryPath)(req.entryPath) as Record<string, unknown>;
  } catch (e) {
    send({ type: 'loadError', ...describeLoadError(e, req.entryPath, req.learnerDir) });
    return;
  }
  const exports = mod;
  send({ type: 'loaded', functions: Object.keys(exports).filter((k) => typeof exports[k] === 'function') });
}

async function call(send: Send, req: LearnerCallRequest): Promise<void> {
  current = req.id;
  // A fixed sequence per check: code that uses Math.random (jitter, sampling) gets the same
  // inputs on every run, so a result never depends on luck.
  Math.random = mulberry32(req.seed);
  const fn = mod?.[req.fn];
  let output: unknown;
  let error: { message: string; name?: string } | undefined;
  try {
    if (typeof fn !== 'function') throw new TypeError(`"${req.fn}" is not an exported function.`);
    output = await (fn as (...a: unknown[]) => unknown)(...req.args);
  } catch (e) {
    error = errorInfo(e);
  }
  current = null;
  try {
    send({ type: 'returned', id: req.id, ...(error ? { error } : { output }) });
    return;
  } catch (e) {
    // The v8 serializer refused the value: an object holding functions goes as a snapshot; a
    // function, a symbol or a value the snapshot cannot read either is reported as such.
    if (output !== null && typeof output === 'object') {
      try {
        return send({ type: 'returned', id: req.id, output: snapshot(output), snapshot: true });
      } catch {
        // Reported below.
      }
    }
    send({ type: 'returned', id: req.id, invalid: `${errorInfo(e).message.slice(0, 300)}. Return plain data (objects, arrays, strings, numbers, Map, Set, Date…), not a function or a symbol.` });
  }
}

function capture(send: Send, stream: 'log' | 'error', parts: unknown[]): void {
  if (logBudget <= 0) return;
  let text = parts.map((p) => (typeof p === 'string' ? p : inspect(p))).join(' ');
  if (text.length > logBudget) text = `${text.slice(0, logBudget)}\n… output truncated`;
  logBudget -= text.length;
  send({ type: 'log', call: current, stream, text });
}

function inspect(v: unknown): string {
  try {
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  } catch {
    return String(v);
  }
}

function installHooks(send: Send, learnerDir: string, sources: Record<string, string>, aiModule: unknown): void {
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

  console.log = console.info = console.debug = (...a: unknown[]) => capture(send, 'log', a);
  console.error = console.warn = (...a: unknown[]) => capture(send, 'error', a);
  guardExit();
  process.on('uncaughtException', (e) => capture(send, 'error', [`Uncaught exception: ${e instanceof Error ? e.stack ?? e.message : String(e)}`]));
  process.on('unhandledRejection', (e) => capture(send, 'error', [`Unhandled promise rejection: ${e instanceof Error ? e.message : String(e)}`]));
}

// `import { ai } from 'ai-dojo'`: the model, proxied by the editor. No key ever enters this process.
const MAX_AI_CALLS = 500;

function aiBridge(send: Send) {
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let calls = 0;
  const callAi = (call: AiCall): Promise<unknown> => {
    if (++calls > MAX_AI_CALLS) return Promise.reject(new Error(`More than ${MAX_AI_CALLS} ai calls in one run: look for a call inside a loop that never ends.`));
    const id = calls;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      send({ type: 'ai', id, call });
    });
  };
  const module = {
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
  const answer = (id: number, result: unknown, error: string | undefined) => {
    const p = pending.get(id);
    pending.delete(id);
    if (error !== undefined) p?.reject(new Error(error));
    else p?.resolve(result);
  };
  return { module, answer };
}
