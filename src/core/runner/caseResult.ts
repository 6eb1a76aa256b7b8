import type { CaseSpec } from '../lessons/schema';
import type { RenderedPrompt } from '../prompt/prompty';
import { passStats } from '../stats/passRate';
import type { CaseResult, CaseRun } from './result';
import { SPEND_CAP, estimatePromptTokens } from './spend';

/** A case run that did not happen because no model is configured (not a failure). */
export const NEEDS_MODEL = 'needs-model';

/** Runs that were never made: they say nothing about the prompt. */
export const NOT_MADE = new Set(['cancelled', NEEDS_MODEL, SPEND_CAP]);

export function usd(n: number): string {
  return n === 0 ? '$0' : n < 0.01 ? `$${n.toFixed(5)}` : `$${n.toFixed(3)}`;
}

/** The estimated prompt tokens of a rendered case (0 when its prompt does not render: that error shows in the run). */
export function promptTokensOf(rendered: RenderedPrompt | Error): number {
  return rendered instanceof Error ? 0 : estimatePromptTokens(rendered.messages);
}

/**
 * A case passes when enough of its runs pass every check. Runs the spend cap prevented leave
 * the case not run (its runs so far are kept); a case that settled early is judged on the runs
 * it made, with the calls it saved.
 */
export function caseResult(c: CaseSpec, index: number, runs: CaseRun[], stoppedEarly: CaseResult['stoppedEarly']): CaseResult {
  const planned = c.repeat ?? 1;
  const capped = runs.some((r) => r.error?.kind === SPEND_CAP);
  const counted = runs.filter((r) => r.error?.kind !== SPEND_CAP);
  const made = runs.filter((r) => !r.error || !NOT_MADE.has(r.error.kind));
  const passRate = counted.length ? counted.filter((r) => r.pass).length / counted.length : 0;
  const minPassRate = c.minPassRate ?? 1;
  const stats = planned > 1 ? passStats(made.filter((r) => r.pass).length, made.length) : undefined;
  return {
    index,
    name: c.name,
    vars: Object.fromEntries(Object.entries(c.vars).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
    status: !made.length || capped ? 'not-run' : passRate >= minPassRate ? 'passed' : 'failed',
    runs,
    passRate,
    minPassRate,
    repeat: planned,
    ...(stats ? { stats } : {}),
    ...(stoppedEarly ? { stoppedEarly, callsSaved: planned - runs.length } : {}),
  };
}
