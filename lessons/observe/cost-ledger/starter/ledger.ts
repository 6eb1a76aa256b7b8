/** Token counts of one model call, as the API reports them in `usage`. */
export interface Usage {
  /** The model as the response names it; may be a dated snapshot such as gpt-4o-mini-2024-07-18. */
  model: string;
  /** All input tokens, cached ones included. */
  promptTokens: number;
  completionTokens: number;
  /** How many of the prompt tokens were served from the provider's prompt cache (a subset). */
  cachedTokens?: number;
}

/** USD per million tokens. */
export interface Price {
  input: number;
  output: number;
  /** The rate for cached input tokens; without it they cost the normal input rate. */
  cachedInput?: number;
}

export type PriceTable = Record<string, Price>;

export interface ModelTotals {
  calls: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  /** USD. */
  cost: number;
}

export interface Ledger {
  /** The cost of each call in USD, in input order; null when its model has no price. */
  calls: (number | null)[];
  /** Totals per price-table model name, priced calls only. */
  byModel: Record<string, ModelTotals>;
  /** USD over all priced calls. */
  total: number;
  /** Models with no price, as the usage records name them: sorted, each once. */
  unknownModels: string[];
}

/**
 * The cost in USD of one call at `price` (USD per million tokens).
 * `cachedTokens` (default 0) are part of `promptTokens` and billed at `price.cachedInput`
 * (or `price.input` when there is no cached rate); the rest of the prompt at `price.input`;
 * completion tokens at `price.output`. Throws an Error mentioning "cached" when
 * cachedTokens > promptTokens.
 */
export function callCost(usage: Usage, price: Price): number {
  throw new Error('TODO: implement callCost()');
}

/**
 * Prices every usage record, totals per model and overall, and reports unpriced models.
 * A model is priced by its own name in `prices`, or else by its name without a trailing
 * `-YYYY-MM-DD` (gpt-4o-mini-2024-07-18 -> gpt-4o-mini); `byModel` uses that price-table name.
 * A model with no price is not free: its call costs null, it is listed in `unknownModels`,
 * and it is left out of `byModel` and `total`.
 */
export function ledger(usages: Usage[], prices: PriceTable): Ledger {
  throw new Error('TODO: implement ledger()');
}
