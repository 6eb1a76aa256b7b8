import * as path from 'node:path';
import { describeCheck } from '../checks/describe';
import { judgeMessages, parseVerdict } from '../checks/judge';
import { isModelCheck, splitNegation } from '../checks/kinds/names';
import type { CheckOutcome } from '../checks/types';
import type { FilePort } from '../lessons/files';
import { resolveFixtures } from '../lessons/fixtures';
import type { Lesson } from '../lessons/model';
import type { CaseSpec, CheckSpec } from '../lessons/schema';
import { ModelError } from '../model/errors';
import type { ChatResult, ModelClient, Usage } from '../model/types';
import { parsePrompt, promptSections, renderPrompt, PromptParseError, type PromptFile } from '../prompt/prompty';
import { gradeInSandbox } from './gradeInSandbox';
import { mapLimit } from './limit';
import { ResponseCache } from './responseCache';
import type { CaseResult, CaseRun, CheckResult, RunResult } from './result';
import type { SandboxPool } from './sandboxPool';

/** The configured model, as a prompt run needs it. */
export interface PromptModel {
  client: ModelClient;
  chatModel: string;
  temperature: number;
  concurrency: number;
  /** Identifies the endpoint in cache keys (its base URL). */
  endpoint: string;
  embed?: (texts: string[], signal?: AbortSignal) => Promise<number[][]>;
  /** USD for a call, when the price of the model is known. */
  priceUsd?: (model: string, usage: Usage) => number | undefined;
}

export interface PromptRunOptions {
  lesson: Lesson;
  learnerDir: string;
  files: FilePort;
  sources?: Record<string, string>;
  /** Undefined when no model is configured: static checks still run. */
  model?: PromptModel;
  cache?: ResponseCache;
  /** Skip the cache (the learner asked for a fresh run). */
  fresh?: boolean;
  pool: SandboxPool;
  gradeTimeoutMs: number;
  memoryMb: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, name: string) => void;
  /** The first case's output as it streams in (accumulated text). */
  onStream?: (caseIndex: number, text: string) => void;
}

/** A case run that did not happen because no model is configured (not a failure). */
export const NEEDS_MODEL = 'needs-model';

/** Errors that no retry or other case will fix: stop calling the model and say what to do. */
const FATAL = new Set(['auth', 'forbidden', 'not-found', 'network', 'cancelled']);

interface Call {
  caseIndex: number;
  repeat: number;
}

function emptyResult(key: string, started: number, extra: Partial<RunResult>): RunResult {
  return { lessonKey: key, outcome: 'error', checks: [], passed: 0, total: 0, score: 0, durationMs: performance.now() - started, output: '', finishedAt: new Date().toISOString(), ...extra };
}

function checkResult(spec: CheckSpec, index: number, o: CheckOutcome, details?: string): CheckResult {
  return {
    index,
    name: describeCheck(spec),
    type: spec.type,
    status: o.pass ? 'passed' : 'failed',
    score: o.score,
    reason: o.reason,
    ...(o.expected !== undefined ? { expected: o.expected } : {}),
    ...(o.actual !== undefined ? { actual: o.actual } : {}),
    ...(spec.hint && !o.pass ? { hint: spec.hint } : {}),
    ...(details ? { details } : {}),
    logs: [],
  };
}

function section(p: PromptFile, text: string, on: CheckSpec['on']): string {
  if (!on || on === 'file') return text;
  return promptSections(p)[on];
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Runs a prompt lesson: static checks on the prompt file, then each case against the model. */
export async function runPromptChecks(opts: PromptRunOptions): Promise<RunResult> {
  const { lesson } = opts;
  const started = performance.now();
  const promptRel = lesson.prompt ?? lesson.files[0];
  const promptPath = path.join(opts.learnerDir, promptRel);
  let text: string;
  try {
    text = opts.sources?.[promptPath] ?? (await opts.files.readText(promptPath));
  } catch {
    return emptyResult(lesson.key, started, { message: `${promptRel} was not found in ${opts.learnerDir}. Reset the lesson to get the starter back.` });
  }
  let prompt: PromptFile;
  try {
    prompt = parsePrompt(text);
  } catch (e) {
    const where = e instanceof PromptParseError ? `${promptRel}:${e.line + 1}: ` : `${promptRel}: `;
    return emptyResult(lesson.key, started, { message: `${where}${e instanceof Error ? e.message : String(e)}` });
  }

  // 1. Static checks: the prompt text itself, no model needed.
  const statics = lesson.staticChecks ?? [];
  let cases: CaseSpec[];
  try {
    cases = (await resolveFixtures(lesson.cases ?? [], lesson.dir, opts.files)) as CaseSpec[];
  } catch (e) {
    return emptyResult(lesson.key, started, { message: `A fixture of the lesson could not be read: ${e instanceof Error ? e.message : String(e)}` });
  }
  const calls: Call[] = cases.flatMap((c, caseIndex) => Array.from({ length: c.repeat ?? 1 }, (_, repeat) => ({ caseIndex, repeat })));
  const runs: CaseRun[][] = cases.map((c) => Array.from({ length: c.repeat ?? 1 }, (): CaseRun => ({ text: '', cached: false, pass: false, checks: [] })));
  const total = statics.length + calls.length;
  let done = 0;
  const progress = (name: string) => opts.onProgress?.(++done, total, name);

  let modelError: RunResult['modelError'];
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  // 2. The cases against the model.
  if (calls.length && !opts.model) {
    modelError = { kind: 'not-configured', message: 'This lesson runs your prompt against a model, and none is configured.', action: 'Run AI Dojo: Configure Model… (a local Ollama or LM Studio works, and so does VS Code’s language model).' };
    // Output checks are not graded against an empty answer: each case waits for a model.
    for (const run of runs.flat()) run.error = { kind: NEEDS_MODEL, message: 'Needs a model: not run. Run AI Dojo: Configure Model… to run this case.', action: modelError.action };
  } else if (calls.length && opts.model) {
    const m = opts.model;
    await mapLimit(calls, m.concurrency, async (call) => {
      const run = runs[call.caseIndex][call.repeat];
      const c = cases[call.caseIndex];
      if (abort.signal.aborted) {
        run.error = { kind: 'cancelled', message: modelError ? 'Not run: the model could not be used.' : 'Cancelled.', action: '' };
        return;
      }
      try {
        const rendered = renderPrompt(prompt, c.vars);
        const params = prompt.parameters;
        const temperature = params.temperature ?? m.temperature;
        const responseFormat = params.responseFormat?.type === 'text' ? undefined : params.responseFormat;
        const request = { model: m.chatModel, messages: rendered.messages, temperature, maxTokens: params.maxTokens, stop: params.stop, responseFormat };
        // Repeats exist to measure nondeterminism: only the first run of a case may come from the cache.
        const cacheKey = opts.cache && temperature === 0 && call.repeat === 0 && !opts.fresh ? ResponseCache.key({ endpoint: m.endpoint, ...request }) : undefined;
        const hit = cacheKey ? await opts.cache!.get(cacheKey) : undefined;
        let result: Pick<ChatResult, 'text' | 'model' | 'usage' | 'latencyMs' | 'firstTokenMs'>;
        if (hit) {
          result = hit;
          run.cached = true;
          if (call.caseIndex === 0 && call.repeat === 0) opts.onStream?.(0, (rendered.prefill ?? '') + hit.text);
        } else {
          const streaming = call.caseIndex === 0 && call.repeat === 0 && !!opts.onStream;
          let acc = rendered.prefill ?? '';
          result = await m.client.chat({
            ...request,
            stream: streaming,
            signal: abort.signal,
            onDelta: streaming
              ? (d) => {
                  acc += d;
                  opts.onStream?.(0, acc);
                }
              : undefined,
          });
          if (cacheKey) await opts.cache!.set(cacheKey, { text: result.text, model: result.model, usage: result.usage, latencyMs: result.latencyMs }).catch(() => undefined);
        }
        // With an assistant prefill the model continues it: the output is prefill + completion.
        run.text = (rendered.prefill ?? '') + result.text;
        run.latencyMs = result.latencyMs;
        run.firstTokenMs = result.firstTokenMs;
        run.usage = result.usage;
        run.costUsd = result.usage ? m.priceUsd?.(result.model, result.usage) : undefined;
      } catch (e) {
        const err = e instanceof ModelError ? e : undefined;
        run.error = err ? { kind: err.kind, message: err.message, action: err.action } : { kind: 'prompt', message: e instanceof Error ? e.message : String(e), action: 'Fix the prompt file and run the checks again.' };
        if (err && FATAL.has(err.kind) && !abort.signal.aborted) {
          if (err.kind !== 'cancelled') modelError = run.error;
          abort.abort();
        }
      } finally {
        progress(`${c.name}${(c.repeat ?? 1) > 1 ? ` #${call.repeat + 1}` : ''}`);
      }
    });
  }

  // 3. Grade: pure kinds in the sandbox (lesson code), model kinds here.
  const pure: { spec: CheckSpec; input: { output: unknown; args?: unknown[] }; apply: (o: CheckOutcome) => void }[] = [];
  const staticResults: CheckResult[] = [];
  for (const [i, spec] of statics.entries()) {
    pure.push({
      spec,
      // `args[0]` is the parsed prompt, for checks on its structure (message order, parameters).
      input: { output: section(prompt, text, spec.on), args: [{ messages: prompt.messages.map(({ role, content }) => ({ role, content })), parameters: prompt.parameters, variables: prompt.variables }] },
      apply: (o) => {
        staticResults[i] = checkResult(spec, i, o);
      },
    });
    progress(describeCheck(spec));
  }
  const modelChecks: Promise<void>[] = [];
  for (const [ci, c] of cases.entries()) {
    const specs = [...lesson.checks, ...(c.checks ?? [])];
    for (const run of runs[ci]) {
      if (run.error) continue;
      for (const [si, spec] of specs.entries()) {
        const apply = (o: CheckOutcome, details?: string) => {
          run.checks[si] = checkResult(spec, si, o, details);
        };
        if (isModelCheck(spec.type)) modelChecks.push(gradeModelCheck(spec, run, opts.model, abort.signal).then(({ outcome, details }) => apply(outcome, details)));
        // `args[0]` is the case, so a check can compare the output with its inputs (e.g. quotes from a document).
        else pure.push({ spec, input: { output: run.text, args: [{ case: c.name, vars: c.vars }] }, apply });
      }
    }
  }
  const [outcomes] = await Promise.all([
    gradeInSandbox(pure.map(({ spec, input }) => ({ spec, input })), { pool: opts.pool, timeoutMs: opts.gradeTimeoutMs, memoryMb: opts.memoryMb, signal: opts.signal }),
    Promise.all(modelChecks),
  ]);
  outcomes.forEach((o, i) => pure[i].apply(o));
  opts.signal?.removeEventListener('abort', onAbort);

  // 4. Each case passes when enough of its runs pass every check.
  const caseResults: CaseResult[] = cases.map((c, index) => {
    for (const run of runs[index]) run.pass = !run.error && run.checks.every((k) => k.status === 'passed');
    const ran = runs[index].filter((r) => !r.error || (r.error.kind !== 'cancelled' && r.error.kind !== NEEDS_MODEL));
    const passRate = runs[index].length ? runs[index].filter((r) => r.pass).length / runs[index].length : 0;
    const minPassRate = c.minPassRate ?? 1;
    return {
      index,
      name: c.name,
      vars: Object.fromEntries(Object.entries(c.vars).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
      status: !ran.length ? 'not-run' : passRate >= minPassRate ? 'passed' : 'failed',
      runs: runs[index],
      passRate,
      minPassRate,
    };
  });

  const units = [...staticResults.map((s) => s.status === 'passed'), ...caseResults.map((c) => c.status === 'passed')];
  const passed = units.filter(Boolean).length;
  const cancelled = !!opts.signal?.aborted;
  const outcome = cancelled ? 'cancelled' : modelError ? 'error' : passed === units.length ? 'passed' : 'failed';
  return {
    lessonKey: lesson.key,
    outcome,
    ...(modelError ? { message: `${modelError.message} ${modelError.action}`.trim(), modelError } : cancelled ? { message: 'Cancelled.' } : {}),
    checks: staticResults,
    cases: caseResults,
    passed,
    total: units.length,
    score: units.length ? (staticResults.reduce((s, r) => s + r.score, 0) + caseResults.reduce((s, r) => s + r.passRate, 0)) / units.length : 0,
    durationMs: performance.now() - started,
    output: '',
    finishedAt: new Date().toISOString(),
  };
}

/** latency, cost, similar and llm-rubric: they need the call's measurements or the model. */
async function gradeModelCheck(spec: CheckSpec, run: CaseRun, model: PromptModel | undefined, signal: AbortSignal): Promise<{ outcome: CheckOutcome; details?: string }> {
  const { base, negated } = splitNegation(spec.type as never);
  const raw = await (async (): Promise<{ outcome: CheckOutcome; details?: string }> => {
    const fail = (reason: string): { outcome: CheckOutcome } => ({ outcome: { pass: false, score: 0, reason } });
    switch (base) {
      case 'latency': {
        if (spec.threshold === undefined) return fail('latency needs `threshold`: the most milliseconds allowed.');
        if (run.cached) return { outcome: { pass: true, score: 1, reason: `Cached answer (it took ${Math.round(run.latencyMs ?? 0)} ms when it was made).` } };
        const ms = Math.round(run.latencyMs ?? 0);
        return { outcome: { pass: ms <= spec.threshold, score: ms <= spec.threshold ? 1 : 0, reason: `Took ${ms} ms (budget ${spec.threshold} ms).` } };
      }
      case 'cost': {
        if (spec.threshold === undefined) return fail('cost needs `threshold`: the most USD allowed.');
        if (run.costUsd === undefined) return fail('The price of this model is not known, so its cost cannot be checked.');
        const ok = run.costUsd <= spec.threshold;
        return { outcome: { pass: ok, score: ok ? 1 : 0, reason: `Cost $${run.costUsd.toFixed(6)} (budget $${spec.threshold}).` } };
      }
      case 'similar': {
        if (!model?.embed) return fail('similar needs embeddings: configure an embedding model.');
        if (typeof spec.value !== 'string') return fail('similar needs `value`: the reference text.');
        const [a, b] = await model.embed([run.text, spec.value], signal);
        const sim = cosine(a, b);
        const need = spec.threshold ?? 0.8;
        return { outcome: { pass: sim >= need, score: Math.max(0, sim), reason: `Cosine similarity ${sim.toFixed(3)} (needs ${need}).` } };
      }
      case 'llm-rubric': {
        if (!model) return fail('llm-rubric needs a model to judge.');
        if (typeof spec.value !== 'string') return fail('llm-rubric needs `value`: the rubric.');
        const messages = judgeMessages(spec.value, run.text);
        const reply = await model.client.chat({ model: model.chatModel, messages, temperature: 0, signal });
        const verdict = parseVerdict(reply.text);
        const details = `Judge prompt:\n${messages.map((msg) => `[${msg.role}]\n${msg.content}`).join('\n\n')}\n\nJudge reply:\n${reply.text}`;
        if ('error' in verdict) return { ...fail(verdict.error), details };
        const need = spec.threshold ?? 0.5;
        const pass = verdict.pass && verdict.score >= need;
        return { outcome: { pass, score: verdict.score, reason: `Judge: ${verdict.reason} (score ${verdict.score}, needs ${need})` }, details };
      }
      default:
        return fail(`Unknown check kind "${spec.type}".`);
    }
  })().catch((e: unknown) => ({ outcome: { pass: false, score: 0, reason: `The check could not run: ${e instanceof Error ? e.message : String(e)}` } }));
  if (!negated) return raw;
  return { ...raw, outcome: { ...raw.outcome, pass: !raw.outcome.pass, score: 1 - raw.outcome.score } };
}
