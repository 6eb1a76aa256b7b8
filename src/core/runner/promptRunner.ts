import * as path from 'node:path';
import { describeCheck } from '../checks/describe';
import type { FilePort } from '../lessons/files';
import { resolveFixtures } from '../lessons/fixtures';
import type { Lesson } from '../lessons/model';
import type { CaseSpec, CheckSpec } from '../lessons/schema';
import { ModelError } from '../model/errors';
import type { ChatResult, ModelClient, Usage } from '../model/types';
import { parsePrompt, promptSections, renderPrompt, PromptParseError, type PromptFile, type RenderedPrompt } from '../prompt/prompty';
import { MIN_RUNS_BEFORE_STOP, settled } from '../stats/passRate';
import { caseResult, NEEDS_MODEL, NOT_MADE, promptTokensOf, usd } from './caseResult';
import { Grader } from './gradeInSandbox';
import { checkResult, gradeRun, judgeCallsOf } from './modelChecks';
import { createLimiter } from './limit';
import { ResponseCache } from './responseCache';
import type { CaseResult, CaseRun, CheckResult, RunResult } from './result';
import type { SandboxPool } from './sandboxPool';
import { SPEND_CAP, SpendMeter, estimatePromptTokens, estimateSpend, type SpendEstimate } from './spend';

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
  /**
   * Adaptive repeats (default on): a repeated case stops once the 95 % Wilson interval of its
   * runs so far lies wholly above or below its minPassRate, checked after each run from the
   * third (see settled()). Off: every repeat runs.
   */
  adaptive?: boolean;
  /** The most USD this run may spend on model calls of a priced model; see SpendMeter. */
  spendCapUsd?: number;
  /** The run's estimated cost, once, before any call. */
  onEstimate?: (estimate: SpendEstimate) => void;
}

export { NEEDS_MODEL } from './caseResult';

/** Errors that no retry or other case will fix: stop calling the model and say what to do. */
const FATAL = new Set(['auth', 'forbidden', 'not-found', 'network', 'cancelled']);

interface Call {
  caseIndex: number;
  repeat: number;
}

function emptyResult(key: string, started: number, extra: Partial<RunResult>): RunResult {
  return { lessonKey: key, outcome: 'error', checks: [], passed: 0, total: 0, score: 0, durationMs: performance.now() - started, output: '', finishedAt: new Date().toISOString(), ...extra };
}

/** A case's prompt with its variables filled, or why it cannot be (the case's runs report it). */
function render(p: PromptFile, c: CaseSpec): RenderedPrompt | Error {
  try {
    return renderPrompt(p, c.vars);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

function section(p: PromptFile, text: string, on: CheckSpec['on']): string {
  if (!on || on === 'file') return text;
  return promptSections(p)[on];
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

  const statics = lesson.staticChecks ?? [];
  let cases: CaseSpec[];
  try {
    cases = (await resolveFixtures(lesson.cases ?? [], lesson.dir, opts.files, lesson.packDir)) as CaseSpec[];
  } catch (e) {
    return emptyResult(lesson.key, started, { message: `A fixture of the lesson could not be read: ${e instanceof Error ? e.message : String(e)}` });
  }
  const checksOf = (c: CaseSpec): CheckSpec[] => [...lesson.checks, ...(c.checks ?? [])];
  const calls: Call[] = cases.flatMap((c, caseIndex) => Array.from({ length: c.repeat ?? 1 }, (_, repeat) => ({ caseIndex, repeat })));
  const runs: CaseRun[][] = cases.map((c) => Array.from({ length: c.repeat ?? 1 }, (): CaseRun => ({ text: '', cached: false, pass: false, checks: [] })));
  const total = statics.length + calls.length;
  let done = 0;
  const progress = (name: string) => opts.onProgress?.(++done, total, name);

  let modelError: RunResult['modelError'];
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  // One grader process for the whole run: each case run is graded as soon as it is made. It
  // serves the next run of the same checks too (booting one costs more than a fast run).
  const reuse = JSON.stringify([lesson.dir, statics, lesson.checks, cases.map((c) => c.checks ?? [])]);
  const grader = new Grader({ pool: opts.pool, timeoutMs: opts.gradeTimeoutMs, memoryMb: opts.memoryMb, signal: opts.signal, reuse });
  const stopped: CaseResult['stoppedEarly'][] = cases.map(() => undefined);
  let spend: RunResult['spend'];

  // 1. Static checks: the prompt text itself, no model needed.
  const staticResults: CheckResult[] = [];
  const staticGrades = grader
    .grade(statics.map((spec) => ({ spec, input: { output: section(prompt, text, spec.on), args: [{ messages: prompt.messages.map(({ role, content }) => ({ role, content })), parameters: prompt.parameters, variables: prompt.variables }] } })))
    .then((outcomes) =>
      outcomes.forEach((o, i) => {
        // `args[0]` above is the parsed prompt, for checks on its structure (message order, parameters).
        staticResults[i] = checkResult(statics[i], i, o);
        progress(describeCheck(statics[i]));
      }),
    );

  try {
    // 2. The cases against the model.
    if (calls.length && !opts.model) {
      modelError = { kind: 'not-configured', message: 'This lesson runs your prompt against a model, and none is configured.', action: 'Run AI Dojo: Configure Model… (a local Ollama or LM Studio works, and so does VS Code’s language model).' };
      // Output checks are not graded against an empty answer: each case waits for a model.
      for (const run of runs.flat()) run.error = { kind: NEEDS_MODEL, message: 'Needs a model: not run. Run AI Dojo: Configure Model… to run this case.', action: modelError.action };
    } else if (calls.length && opts.model) {
      const m = opts.model;
      const price = m.priceUsd ? (u: Usage) => m.priceUsd!(m.chatModel, u) : undefined;
      // Each case is rendered once, for the estimate and for every run of it (an error is the run's).
      const renders = cases.map((c) => render(prompt, c));
      const estimate = estimateSpend(
        calls.flatMap((call) => [
          { promptTokens: promptTokensOf(renders[call.caseIndex]), maxTokens: prompt.parameters.maxTokens },
          ...judgeCallsOf(checksOf(cases[call.caseIndex]), prompt.parameters.maxTokens),
        ]),
        price,
      );
      opts.onEstimate?.(estimate);
      const meter = new SpendMeter(opts.spendCapUsd, price);
      const limit = createLimiter(m.concurrency);
      const makeRun = async (caseIndex: number, repeat: number) => {
        const c = cases[caseIndex];
        const run = runs[caseIndex][repeat];
        await limit(() => callModel({ opts, m, prompt, rendered: renders[caseIndex], call: { caseIndex, repeat }, run, meter, abort: abort.signal }));
        if (run.error && FATAL.has(run.error.kind) && !abort.signal.aborted) {
          if (run.error.kind !== 'cancelled') modelError = run.error;
          abort.abort();
        }
        progress(`${c.name}${(c.repeat ?? 1) > 1 ? ` #${repeat + 1}` : ''}`);
        await gradeRun(run, checksOf(c), c, { grader, model: opts.model, meter, signal: abort.signal });
      };
      await Promise.all(
        cases.map(async (c, ci) => {
          const n = c.repeat ?? 1;
          // Adaptive repeats: the first runs go out together, then one at a time, each after the
          // interval of the runs before it left the case open (see settled()).
          const first = opts.adaptive === false ? n : Math.min(n, MIN_RUNS_BEFORE_STOP);
          await Promise.all(Array.from({ length: first }, (_, r) => makeRun(ci, r)));
          for (let r = first; r < n; r++) {
            const made = runs[ci].slice(0, r);
            const verdict = made.some((x) => x.error && NOT_MADE.has(x.error.kind)) ? undefined : settled(made.filter((x) => x.pass).length, r, c.minPassRate ?? 1);
            if (verdict) {
              stopped[ci] = verdict;
              runs[ci] = made;
              for (let k = r; k < n; k++) progress(`${c.name}: settled after ${r} runs`);
              break;
            }
            await makeRun(ci, r);
          }
        }),
      );
      spend = { estimate, spentUsd: meter.spentUsd, ...(opts.spendCapUsd !== undefined ? { capUsd: opts.spendCapUsd } : {}), capReached: meter.capReached, unpriced: meter.unpriced };
    }
    await staticGrades;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    grader.dispose();
    opts.pool.prewarm(opts.memoryMb);
  }

  // 3. Each case passes when enough of its runs pass every check.
  const caseResults: CaseResult[] = cases.map((c, index) => caseResult(c, index, runs[index], stopped[index]));

  const units = [...staticResults.map((s) => s.status === 'passed'), ...caseResults.map((c) => c.status === 'passed')];
  const passed = units.filter(Boolean).length;
  const cancelled = !!opts.signal?.aborted;
  const capped = caseResults.filter((c) => c.runs.some((r) => r.error?.kind === SPEND_CAP)).length;
  // A run cut short by the spend cap is no verdict on the prompt: an error that says what to do.
  const capMessage = spend && capped ? `Spend cap reached: ${usd(spend.spentUsd)} spent of the ${usd(spend.capUsd ?? 0)} cap, so ${capped} case${capped === 1 ? '' : 's'} did not run or were not judged (or not every repeat); the results so far are kept. Raise the cap (setting aiDojo.model.spendCapUsd) or run again: answers made at temperature 0 come from the cache.` : undefined;
  const outcome = cancelled ? 'cancelled' : modelError ? 'error' : capMessage ? 'error' : passed === units.length ? 'passed' : 'failed';
  return {
    lessonKey: lesson.key,
    outcome,
    ...(modelError ? { message: `${modelError.message} ${modelError.action}`.trim(), modelError } : cancelled ? { message: 'Cancelled.' } : capMessage ? { message: capMessage } : {}),
    ...(spend ? { spend } : {}),
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

interface CallContext {
  opts: PromptRunOptions;
  m: PromptModel;
  prompt: PromptFile;
  rendered: RenderedPrompt | Error;
  call: Call;
  run: CaseRun;
  meter: SpendMeter;
  abort: AbortSignal;
}

/** One model call of a case run (or its cached answer); errors land on the run, never thrown. */
async function callModel({ opts, m, prompt, rendered: made, call, run, meter, abort }: CallContext): Promise<void> {
  if (abort.aborted) {
    run.error = { kind: 'cancelled', message: opts.signal?.aborted ? 'Cancelled.' : 'Not run: the model could not be used.', action: '' };
    return;
  }
  try {
    if (made instanceof Error) throw made;
    const rendered = made;
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
      const reservation = meter.reserve(estimatePromptTokens(rendered.messages), params.maxTokens);
      if (reservation === false) {
        run.error = { kind: SPEND_CAP, message: 'Not run: spend cap reached.', action: 'Raise the cap (setting aiDojo.model.spendCapUsd) or run again.' };
        return;
      }
      const streaming = call.caseIndex === 0 && call.repeat === 0 && !!opts.onStream;
      let acc = rendered.prefill ?? '';
      try {
        result = await m.client.chat({
          ...request,
          stream: streaming,
          signal: abort,
          onDelta: streaming
            ? (d) => {
                acc += d;
                opts.onStream?.(0, acc);
              }
            : undefined,
        });
      } catch (e) {
        meter.settle(reservation);
        throw e;
      }
      meter.settle(reservation, { usage: result.usage, usd: result.usage ? m.priceUsd?.(result.model, result.usage) : undefined });
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
  }
}
