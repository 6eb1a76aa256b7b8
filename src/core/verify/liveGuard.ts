// The live model as the verifier uses it. Every call goes through a guard that
//  - counts calls and failures per lesson, so a lesson whose live runs error out fails, with the
//    cause (the runner alone would turn a dead endpoint into checks that merely fail, 0% each);
//  - rewrites each error's advice in CLI terms (environment variables and options, not the
//    editor's commands);
//  - stops calling an endpoint that already failed after its retries (auth, network, timeouts,
//    5xx, bad answers): the rest of the pack fails at once with the same cause instead of
//    waiting out every timeout again.
import { isAnswerTooLarge, ModelError } from '../model/errors';
import type { ChatRequest, ChatResult, EmbedRequest, EmbedResult, ModelClient } from '../model/types';
import type { RunResult } from '../runner/result';
import type { LiveModel } from './variants';

export const DEFAULT_MODEL_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 1;

type Op = 'chat' | 'embed';

export interface LiveTally {
  calls: number;
  /**
   * What failed, in order. `skipped`: the guard refused the call because the endpoint had already
   * failed, on lesson `on`, with `error`.
   */
  failures: { error: ModelError; skipped: boolean; on?: string }[];
}

/** Kinds that say nothing about the endpoint as a whole: they do not stop later calls. */
const LOCAL_KINDS = new Set(['bad-request', 'cancelled']);

export class LiveGuard {
  private tally: LiveTally = { calls: 0, failures: [] };
  private readonly down = new Map<string, { error: ModelError; lesson: string | undefined }>();
  private lesson: string | undefined;

  constructor(private readonly live: LiveModel) {}

  /** Starts counting for a lesson; returns what was counted since the last call. */
  begin(lessonId: string): LiveTally {
    this.lesson = lessonId;
    return this.take();
  }

  take(): LiveTally {
    const t = this.tally;
    this.tally = { calls: 0, failures: [] };
    return t;
  }

  wrap(client: ModelClient): ModelClient {
    return {
      chat: (req: ChatRequest): Promise<ChatResult> => this.guarded('chat', req.model, () => client.chat(req)),
      embed: (req: EmbedRequest): Promise<EmbedResult> => this.guarded('embed', req.model, () => client.embed(req)),
      listModels: (signal?: AbortSignal) => client.listModels(signal),
    };
  }

  private async guarded<T>(op: Op, model: string, fn: () => Promise<T>): Promise<T> {
    this.tally.calls++;
    const key = `${op}:${model}`;
    const earlier = this.down.get(key);
    if (earlier) {
      const where = earlier.lesson && earlier.lesson !== this.lesson ? ` (on ${earlier.lesson})` : '';
      this.tally.failures.push({ error: earlier.error, skipped: true, on: earlier.lesson });
      throw earlier.error.with({ message: `Not called: the live model already failed earlier in this run${where}: ${earlier.error.message}` });
    }
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      const error = e.with({ action: cliAction(e, op, this.live) });
      if (error.kind !== 'cancelled') this.tally.failures.push({ error, skipped: false });
      if (!LOCAL_KINDS.has(error.kind) && !isAnswerTooLarge(error)) this.down.set(key, { error, lesson: this.lesson });
      throw error;
    }
  }
}

/** What to do about a live model's error, in the verifier's terms: its environment variables and options. */
export function cliAction(err: ModelError, op: Op, live: LiveModel): string {
  const modelVar = op === 'embed' ? 'AI_DOJO_VERIFY_EMBEDDING_MODEL' : 'AI_DOJO_VERIFY_MODEL';
  const model = op === 'embed' ? live.embeddingModel : live.model;
  const url = `AI_DOJO_VERIFY_BASE_URL (${live.baseUrl})`;
  const retries = live.retries ?? DEFAULT_RETRIES;
  const seconds = (live.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS) / 1000;
  switch (err.kind) {
    case 'auth':
      return live.apiKey
        ? 'Set AI_DOJO_VERIFY_API_KEY to a key this endpoint accepts: it refused the one set.'
        : 'Set AI_DOJO_VERIFY_API_KEY: this endpoint wants a key and none is set.';
    case 'forbidden':
      return `Set AI_DOJO_VERIFY_API_KEY to a key allowed to use "${model}", or ${modelVar} to a model this key may use.`;
    case 'not-found':
      if (/Models there:/.test(err.message)) return `Check ${modelVar} ("${model}"): set it to one of the models the endpoint lists.`;
      if (/lists no models/.test(err.message)) return `Check ${modelVar} ("${model}") and ${url}: the endpoint lists no models.`;
      return `Check ${url}: OpenAI-compatible servers usually end in /v1.`;
    case 'rate-limit':
      return /insufficient_quota/.test(err.message)
        ? 'Check billing and usage limits for the key in AI_DOJO_VERIFY_API_KEY.'
        : `Run the verifier when the endpoint is less busy, with fewer --runs, or with more --retries (now ${retries}).`;
    case 'server':
      return `Check the endpoint's health (its log or status page) at ${url}; if its failures are brief, raise --retries (now ${retries}).`;
    case 'timeout':
      return `Check that the endpoint at ${url} is up; if the model is only slow, raise --model-timeout (now ${seconds} s).`;
    case 'network':
      if (/NODE_EXTRA_CA_CERTS/.test(err.action)) return err.action;
      if (!err.retryable) return `Check ${url} and that the server there is running.`;
      return `Check ${url} and the network to it; if the failures are brief, raise --retries (now ${retries}).`;
    case 'bad-response':
      if (isAnswerTooLarge(err)) return err.action;
      return `Check ${url}: it must be an OpenAI-compatible API (usually ending in /v1), not a web page or a proxy's login.`;
    default:
      // bad-request and the rest: the client's advice, unless it speaks of the editor's commands.
      return /\bAI Dojo: [A-Z]/.test(err.action) ? `Check ${url}, ${modelVar} and AI_DOJO_VERIFY_API_KEY.` : err.action;
  }
}

/** The problem line for a lesson whose live calls failed, or undefined when none did. */
export function liveProblem(live: LiveModel, t: LiveTally, lessonId?: string): string | undefined {
  if (!t.failures.length) return undefined;
  const real = t.failures.filter((f) => !f.skipped);
  if (!real.length) {
    const { error, on } = t.failures[0];
    const where = on && on !== lessonId ? `, on ${on}` : '';
    return `The live model at ${live.baseUrl} was not called: it failed earlier in this run${where}. ${sentence(error.message)} ${error.action}`;
  }
  const first = real[0].error;
  const tries = first.attempts && first.attempts > 1 ? ` (after ${first.attempts} attempts)` : '';
  const others = [...new Set(real.slice(1).map((f) => f.error.message).filter((m) => m !== first.message))].slice(0, 2);
  const also = others.length ? ` Also: ${others.map(sentence).join(' ')}` : '';
  return `The live model failed ${t.failures.length} of ${t.calls} calls at ${live.baseUrl}${tries}: ${sentence(first.message)} ${first.action}${also}`;
}

/** A server's own words may lack a full stop; the advice after them starts a new sentence. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/**
 * The reference's runs on the live model for one lesson, `runs` times, stopping after the first
 * run with a failed call (the lesson fails either way; more runs would only wait out more timeouts).
 */
export async function liveRuns(
  live: LiveModel,
  guard: LiveGuard,
  lessonId: string,
  runs: number,
  run: () => Promise<RunResult>,
): Promise<{ runs: RunResult[]; problem?: string }> {
  guard.begin(lessonId);
  const results: RunResult[] = [];
  const tally: LiveTally = { calls: 0, failures: [] };
  for (let i = 0; i < Math.max(1, runs); i++) {
    results.push(await run());
    const t = guard.take();
    tally.calls += t.calls;
    tally.failures.push(...t.failures);
    if (t.failures.length) break;
  }
  return { runs: results, problem: liveProblem(live, tally, lessonId) };
}
