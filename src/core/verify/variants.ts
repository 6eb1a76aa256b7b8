// Runs a lesson's checks on one variant of its files (starter, solution, a wrong solution) in a
// temporary folder, exactly as the editor would, with the model played by a scripted server
// (recorded replies per case) or a real endpoint.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Lesson } from '../lessons/model';
import type { CaseSpec } from '../lessons/schema';
import type { ModelClient } from '../model/types';
import { OpenAiCompatibleClient } from '../model/openaiClient';
import { startScriptedServer } from '../model/scriptedServer';
import { DEFAULT_MODEL_TIMEOUT_MS, DEFAULT_RETRIES, LiveGuard } from './liveGuard';
import { effectiveLimits, runCodeChecks, type AiProvider } from '../runner/codeRunner';
import { runPromptChecks } from '../runner/promptRunner';
import type { RunResult } from '../runner/result';
import type { SandboxPool } from '../runner/sandboxPool';
import type { LessonRunEnv } from '../runner/runEnv';

export interface LiveModel {
  baseUrl: string;
  model: string;
  apiKey?: string;
  embeddingModel?: string;
  /** Per attempt (default 30 s) and retries after the first (default 1): `--model-timeout`, `--retries`. */
  timeoutMs?: number;
  retries?: number;
}

export interface VariantEnv extends LessonRunEnv {
  pool: SandboxPool;
  /** Stop a code run at its first failing check (mutants: one failure is enough, as Stryker bails). */
  bail?: boolean;
}

/**
 * Copies `over` (the solution, for a wrong variant that holds only what differs) then
 * `variantDir`, and links the lesson's installed dependencies in as its node_modules.
 */
function stage(variantDir: string, over?: string, nodeModules?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-verify-'));
  if (over) cpSync(over, dir, { recursive: true });
  cpSync(variantDir, dir, { recursive: true });
  if (nodeModules) symlinkSync(nodeModules, path.join(dir, 'node_modules'), 'junction');
  return dir;
}

export async function runCodeVariant(env: VariantEnv, lesson: Lesson, variantDir: string, over?: string, nodeModules?: string, live?: ModelClient & { model: string }): Promise<RunResult> {
  const dir = stage(variantDir, over, nodeModules);
  try {
    const ai: AiProvider = {
      embed: env.embed,
      chat: async (call, signal) => {
        if (!live) throw new Error('The verifier has no chat model: give one with AI_DOJO_VERIFY_BASE_URL and AI_DOJO_VERIFY_MODEL, or script the calls with a check `server`.');
        const r = await live.chat({ model: live.model, messages: call.messages, temperature: call.temperature, maxTokens: call.maxTokens, signal });
        return { text: r.text, usage: r.usage };
      },
    };
    const limits = effectiveLimits(lesson, env);
    const bail = env.bail ? new AbortController() : undefined;
    const signal = bail ? AbortSignal.any([bail.signal, ...(env.signal ? [env.signal] : [])]) : env.signal;
    const onProgress = bail ? (_done: number, _total: number, _name: string, passed: boolean) => passed || bail.abort() : undefined;
    const r = await runCodeChecks({ lesson, learnerDir: dir, pool: env.pool, files: env.files, ...limits, ai, signal, onProgress });
    // Stopped by the bail, not by the user: the run failed (at its first failing check).
    return bail?.signal.aborted && !env.signal?.aborted && r.outcome === 'cancelled' ? { ...r, outcome: 'failed', message: undefined } : r;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Which case is a request for? The one whose variable values all appear in its messages. */
function caseOf(cases: CaseSpec[], messages: unknown): CaseSpec | undefined {
  const text = JSON.stringify(messages ?? '');
  return cases.find((k) => Object.values(k.vars).every((v) => text.includes(JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v)).slice(1, -1))));
}

/** A prompt variant against recorded replies (`replies` by case name) or, with `live`, a real model. */
export async function runPromptVariant(
  env: VariantEnv,
  lesson: Lesson,
  cases: CaseSpec[],
  variantDir: string,
  model: { replies: Record<string, string> } | { live: LiveModel; guard?: LiveGuard },
  over?: string,
): Promise<RunResult> {
  const dir = stage(variantDir, over);
  const server = 'replies' in model
    ? await startScriptedServer({ acceptAnyModel: true, reply: (req) => ({ text: model.replies[caseOf(cases, req.body?.messages)?.name ?? ''] ?? '' }) })
    : undefined;
  try {
    const baseUrl = server ? server.baseUrl : (model as { live: LiveModel }).live.baseUrl;
    const live = 'live' in model ? model.live : undefined;
    const plain = new OpenAiCompatibleClient({
      baseUrl,
      apiKey: async () => live?.apiKey,
      timeoutMs: live ? live.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS : 10_000,
      maxRetries: live ? live.retries ?? DEFAULT_RETRIES : 0,
    });
    const client = live ? ((model as { guard?: LiveGuard }).guard ?? new LiveGuard(live)).wrap(plain) : plain;
    return await runPromptChecks({
      lesson,
      learnerDir: dir,
      files: env.files,
      model: {
        client,
        chatModel: live?.model ?? 'scripted-chat',
        temperature: 0,
        concurrency: 4,
        endpoint: baseUrl,
        embed: live?.embeddingModel ? async (texts, signal) => (await client.embed({ model: live.embeddingModel as string, input: texts, signal })).vectors : env.embed,
      },
      pool: env.pool,
      gradeTimeoutMs: env.timeoutMs,
      memoryMb: env.memoryMb,
    });
  } finally {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every failed check of a run, one line each, for a report. */
export function failuresOf(r: RunResult): string[] {
  const caseFailures = (r.cases ?? []).flatMap((c) => c.runs.flatMap((run) => [run.error?.message, ...run.checks.filter((k) => k.status !== 'passed').map((k) => `${c.name}: ${k.name}: ${k.reason}`)]));
  return [r.message, ...r.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.reason}`), ...caseFailures].filter((x): x is string => Boolean(x));
}
