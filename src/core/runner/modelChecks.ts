// Grading a prompt lesson's case run: pure check kinds go to the grader process (they may run
// lesson code); latency, cost, similar and llm-rubric are graded here, since they need the call's
// measurements or the model. A judge call is a model call like the case's own: it is in the
// run's estimate and goes through its spend meter.
import { describeCheck } from '../checks/describe';
import { judgeMessages, parseVerdict } from '../checks/judge';
import { isModelCheck, splitNegation } from '../checks/kinds/names';
import type { CheckOutcome } from '../checks/types';
import type { CaseSpec, CheckSpec } from '../lessons/schema';
import type { Grader } from './gradeInSandbox';
import type { PromptModel } from './promptRunner';
import type { CaseRun, CheckResult } from './result';
import { DEFAULT_COMPLETION_TOKENS, SPEND_CAP, estimatePromptTokens, type SpendMeter } from './spend';

export function checkResult(spec: CheckSpec, index: number, o: CheckOutcome, details?: string): CheckResult {
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

/**
 * The judge calls one run of a case will make, for the run's estimate: one per llm-rubric check,
 * each with the rubric and the answer (at most its max tokens) in, a verdict out.
 */
export function judgeCallsOf(specs: readonly CheckSpec[], answerTokens: number | undefined): { promptTokens: number }[] {
  return specs
    .filter((s) => splitNegation(s.type as never).base === 'llm-rubric' && typeof s.value === 'string')
    .map((s) => ({ promptTokens: estimatePromptTokens(judgeMessages(s.value as string, '')) + (answerTokens ?? DEFAULT_COMPLETION_TOKENS) }));
}

interface Grading {
  grader: Grader;
  model: PromptModel | undefined;
  meter: SpendMeter;
  signal: AbortSignal;
}

/** What a model-side check found; `cannotJudge` when it could not run (never flipped by `not-`). */
interface ModelCheckResult {
  outcome: CheckOutcome;
  details?: string;
  cannotJudge?: boolean;
  /** The spend cap refused the judge call: the run is not graded. */
  capped?: boolean;
}

/** Grades one case run: pure kinds in the grader process (lesson code), model kinds here. */
export async function gradeRun(run: CaseRun, specs: CheckSpec[], c: CaseSpec, g: Grading): Promise<void> {
  if (run.error) return;
  const pure: number[] = [];
  const judged: Promise<boolean>[] = [];
  for (const [si, spec] of specs.entries()) {
    if (!isModelCheck(spec.type)) pure.push(si);
    else
      judged.push(
        gradeModelCheck(spec, run, g).then((r) => {
          run.checks[si] = checkResult(spec, si, r.outcome, r.details);
          return !!r.capped;
        }),
      );
  }
  // `args[0]` is the case, so a check can compare the output with its inputs (e.g. quotes from a document).
  const [outcomes, capped] = await Promise.all([g.grader.grade(pure.map((si) => ({ spec: specs[si], input: { output: run.text, args: [{ case: c.name, vars: c.vars }] } }))), Promise.all(judged)]);
  outcomes.forEach((o, j) => (run.checks[pure[j]] = checkResult(specs[pure[j]], pure[j], o)));
  run.pass = run.checks.every((k) => k.status === 'passed');
  // Its answer is kept, but a run the cap left unjudged says nothing about the prompt.
  if (capped.some(Boolean)) run.error = { kind: SPEND_CAP, message: 'Not judged: spend cap reached.', action: 'Raise the cap (setting aiDojo.model.spendCapUsd) or run again.' };
}

async function gradeModelCheck(spec: CheckSpec, run: CaseRun, g: Grading): Promise<ModelCheckResult> {
  const { base, negated } = splitNegation(spec.type as never);
  const raw = await modelCheck(base, spec, run, g).catch((e: unknown): ModelCheckResult => cannotJudge(`The check could not run: ${e instanceof Error ? e.message : String(e)}`));
  if (!negated || raw.cannotJudge) return raw;
  return { ...raw, outcome: { ...raw.outcome, pass: !raw.outcome.pass, score: 1 - raw.outcome.score } };
}

function cannotJudge(reason: string, extra: Partial<ModelCheckResult> = {}): ModelCheckResult {
  return { outcome: { pass: false, score: 0, reason }, cannotJudge: true, ...extra };
}

async function modelCheck(base: string, spec: CheckSpec, run: CaseRun, g: Grading): Promise<ModelCheckResult> {
  switch (base) {
    case 'latency': {
      if (spec.threshold === undefined) return cannotJudge('latency needs `threshold`: the most milliseconds allowed.');
      if (run.cached) return { outcome: { pass: true, score: 1, reason: `Cached answer (it took ${Math.round(run.latencyMs ?? 0)} ms when it was made).` } };
      const ms = Math.round(run.latencyMs ?? 0);
      return { outcome: { pass: ms <= spec.threshold, score: ms <= spec.threshold ? 1 : 0, reason: `Took ${ms} ms (budget ${spec.threshold} ms).` } };
    }
    case 'cost': {
      if (spec.threshold === undefined) return cannotJudge('cost needs `threshold`: the most USD allowed.');
      if (run.costUsd === undefined) return cannotJudge('The price of this model is not known, so its cost cannot be checked.');
      const ok = run.costUsd <= spec.threshold;
      return { outcome: { pass: ok, score: ok ? 1 : 0, reason: `Cost $${run.costUsd.toFixed(6)} (budget $${spec.threshold}).` } };
    }
    case 'similar': {
      if (!g.model?.embed) return cannotJudge('similar needs embeddings: configure an embedding model.');
      if (typeof spec.value !== 'string') return cannotJudge('similar needs `value`: the reference text.');
      const [a, b] = await g.model.embed([run.text, spec.value], g.signal);
      const sim = cosine(a, b);
      const need = spec.threshold ?? 0.8;
      return { outcome: { pass: sim >= need, score: Math.max(0, sim), reason: `Cosine similarity ${sim.toFixed(3)} (needs ${need}).` } };
    }
    case 'llm-rubric':
      return judge(spec, run, g);
    default:
      return cannotJudge(`Unknown check kind "${spec.type}".`);
  }
}

async function judge(spec: CheckSpec, run: CaseRun, g: Grading): Promise<ModelCheckResult> {
  const model = g.model;
  if (!model) return cannotJudge('llm-rubric needs a model to judge.');
  if (typeof spec.value !== 'string') return cannotJudge('llm-rubric needs `value`: the rubric.');
  const messages = judgeMessages(spec.value, run.text);
  const reservation = g.meter.reserve(estimatePromptTokens(messages), undefined);
  if (reservation === false) return cannotJudge('Not judged: the spend cap was reached.', { capped: true });
  let reply;
  try {
    reply = await model.client.chat({ model: model.chatModel, messages, temperature: 0, signal: g.signal });
  } catch (e) {
    g.meter.settle(reservation);
    throw e;
  }
  g.meter.settle(reservation, { usage: reply.usage, usd: reply.usage ? model.priceUsd?.(reply.model, reply.usage) : undefined });
  const verdict = parseVerdict(reply.text);
  const details = `Judge prompt:\n${messages.map((msg) => `[${msg.role}]\n${msg.content}`).join('\n\n')}\n\nJudge reply:\n${reply.text}`;
  if ('error' in verdict) return cannotJudge(verdict.error, { details });
  const need = spec.threshold ?? 0.5;
  const pass = verdict.pass && verdict.score >= need;
  return { outcome: { pass, score: verdict.score, reason: `Judge: ${verdict.reason} (score ${verdict.score}, needs ${need})` }, details };
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
