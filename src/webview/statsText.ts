// The panel's words for prompt statistics: pass rates with their interval, adaptive repeats and
// spend. Plain strings (no DOM), so they are unit-tested.
import type { CaseResultView, EstimateMessage, ModelHintView, RunResultView } from '../protocol/messages';

const pct = (x: number) => `${Math.round(x * 100)} %`;

export function usdText(n: number): string {
  return n === 0 ? '$0' : n < 0.01 ? `$${n.toFixed(5)}` : `$${n.toFixed(3)}`;
}

/** "passed 8/10 (80 %, 95 % CI 49–94 %), pass^10 0 %": undefined for a case run once. */
export function passRateText(c: CaseResultView): string | undefined {
  const s = c.stats;
  if (!s) return undefined;
  return `passed ${s.passes}/${s.runs} (${pct(s.rate)}, 95 % CI ${Math.round(s.ci95.low * 100)}–${pct(s.ci95.high)}), pass^${s.k} ${pct(s.passHatK)} · needs ${pct(c.minPassRate)}`;
}

/** "stopped early: 4 calls saved (95 % CI wholly above 50 %)". */
export function stoppedEarlyText(c: CaseResultView): string | undefined {
  if (!c.stoppedEarly || !c.callsSaved) return undefined;
  return `stopped early: ${c.callsSaved} call${c.callsSaved === 1 ? '' : 's'} saved (95 % CI wholly ${c.stoppedEarly === 'pass' ? 'above' : 'below'} ${pct(c.minPassRate)})`;
}

/** Before the first call: what the run may cost. Undefined on a free (local) model with no cap. */
export function estimateText(e: Omit<EstimateMessage, 'type'>): string | undefined {
  const cap = e.capUsd !== undefined ? ` · spend cap ${usdText(e.capUsd)}` : '';
  const calls = `${e.calls} call${e.calls === 1 ? '' : 's'}`;
  if (e.usd === undefined) return cap ? `${calls}: the price of this model is not known, so the spend cap cannot count them (set aiDojo.model.prices)` : undefined;
  if (e.usd === 0 && !cap) return undefined;
  return `Estimated cost up to ${usdText(e.usd)} for ${calls} (~${e.promptTokens + e.completionTokens} tokens)${cap}`;
}

/** After the run: "Spent $0.0123 (estimated $0.020) · spend cap $0.050, reached". */
export function spendText(run: RunResultView): string | undefined {
  const s = run.spend;
  if (!s || (s.spentUsd === 0 && !s.capReached && !(s.unpriced && s.capUsd !== undefined))) return undefined;
  const est = s.estimate.usd !== undefined ? ` (estimated ${usdText(s.estimate.usd)})` : '';
  const cap = s.capUsd !== undefined ? ` · spend cap ${usdText(s.capUsd)}${s.capReached ? ', reached' : ''}` : '';
  const unpriced = s.unpriced ? ' · some answers had no price or usage, so they are not counted' : '';
  return `Spent ${usdText(s.spentUsd)}${est}${cap}${unpriced}`;
}

/** Under a model's hint: "llama3.2 · Ollama · 412 tokens (300 + 112) · $0.00012 · 2 replies (1 discarded)". */
export function modelHintMeta(v: ModelHintView): string {
  const u = v.usage;
  const approx = v.estimated ? '~' : '';
  return [
    v.model,
    u ? `${approx}${u.totalTokens} tokens (${u.promptTokens} + ${u.completionTokens})` : '',
    u ? (v.costUsd !== undefined ? `${approx}${usdText(v.costUsd)}` : 'price not known') : '',
    v.attempts > 1 ? `${v.attempts} replies (${v.status === 'withheld' ? 'all' : v.attempts - 1} discarded)` : '',
  ].filter(Boolean).join(' · ');
}
