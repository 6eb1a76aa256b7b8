import type { ChatMessage, Usage } from '../model/types';

/** A case run that was not made because the run's spend cap was reached (not a failure). */
export const SPEND_CAP = 'spend-cap';

/** Completion tokens assumed per call before any call of the run has reported its usage. */
export const DEFAULT_COMPLETION_TOKENS = 256;

/**
 * Rough prompt tokens of messages: 4 characters a token plus 4 per message for the role and
 * framing (OpenAI's rule of thumb). Only for estimates and the cap's reservations: the spend
 * itself comes from the usage the provider reports.
 */
export function estimatePromptTokens(messages: readonly Pick<ChatMessage, 'content'>[]): number {
  return messages.reduce((n, m) => n + 4 + Math.ceil((typeof m.content === 'string' ? m.content.length : JSON.stringify(m.content).length) / 4), 0);
}

/** What a run is expected to cost before it starts: every planned call (adaptive repeats may make fewer). */
export interface SpendEstimate {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Undefined when the model's price is not known. */
  usd?: number;
}

export type PriceUsage = (usage: Usage) => number | undefined;

/** Sums the estimate of each planned call: its prompt tokens and maxTokens (or the default) out. */
export function estimateSpend(calls: readonly { promptTokens: number; maxTokens?: number }[], price: PriceUsage | undefined): SpendEstimate {
  let promptTokens = 0;
  let completionTokens = 0;
  let usd: number | undefined = 0;
  for (const c of calls) {
    const out = c.maxTokens ?? DEFAULT_COMPLETION_TOKENS;
    promptTokens += c.promptTokens;
    completionTokens += out;
    const one = price?.({ promptTokens: c.promptTokens, completionTokens: out, totalTokens: c.promptTokens + out });
    usd = one === undefined || usd === undefined ? undefined : usd + one;
  }
  return { calls: calls.length, promptTokens, completionTokens, ...(usd !== undefined ? { usd } : {}) };
}

/**
 * The spend of one run against its cap. A call starts only when the spend so far (usage the
 * provider reported, priced) plus the reservations of the calls in flight plus this call's
 * estimate stays within the cap; once a call is refused, no later call starts, so the run stops
 * at one clear point. Calls in flight finish and keep their answers.
 */
export class SpendMeter {
  spentUsd = 0;
  private reservedUsd = 0;
  private completionSeen = 0;
  private callsSeen = 0;
  /** Set by the first refused call. */
  capReached = false;
  /** Some call's cost was unknown (no price): the cap could not count it. */
  unpriced = false;

  constructor(
    readonly capUsd: number | undefined,
    private readonly price: PriceUsage | undefined,
  ) {}

  /** The estimated cost of a call, reserved; false (and capReached) when it would pass the cap. */
  reserve(promptTokens: number, maxTokens: number | undefined): number | false {
    if (this.capReached) return false;
    // Before any answer, assume maxTokens (or the default); after, the mean answer so far, as a guess closer to this prompt.
    const out = this.callsSeen ? Math.ceil(this.completionSeen / this.callsSeen) : (maxTokens ?? DEFAULT_COMPLETION_TOKENS);
    const usd = this.price?.({ promptTokens, completionTokens: out, totalTokens: promptTokens + out }) ?? 0;
    if (this.capUsd !== undefined && this.spentUsd + this.reservedUsd + usd > this.capUsd) {
      this.capReached = true;
      return false;
    }
    this.reservedUsd += usd;
    return usd;
  }

  /**
   * Replaces a reservation with what the call cost. `answered` is undefined for a call that
   * failed (nothing to count); a call answered without usage or price marks the spend unpriced.
   */
  settle(reservation: number, answered?: { usage?: Usage; usd?: number }): void {
    this.reservedUsd -= reservation;
    if (!answered) return;
    if (answered.usage) {
      this.callsSeen++;
      this.completionSeen += answered.usage.completionTokens;
    }
    if (answered.usd === undefined) this.unpriced = true;
    else this.spentUsd += answered.usd;
  }
}
