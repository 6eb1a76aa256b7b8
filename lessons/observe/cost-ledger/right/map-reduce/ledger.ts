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

const PER_MILLION = 1_000_000;

/** The cost in USD of one call at `price`. Cached tokens are part of the prompt tokens. */
export function callCost(usage: Usage, price: Price): number {
  const cached = usage.cachedTokens ?? 0;
  if (cached > usage.promptTokens) {
    throw new Error(`cachedTokens (${cached}) is more than promptTokens (${usage.promptTokens}): cached tokens are a subset of the prompt`);
  }
  // Each prompt token is billed once: at the cached rate if it was cached, at the input rate if not.
  const fresh = usage.promptTokens - cached;
  return (fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.completionTokens * price.output) / PER_MILLION;
}

/** The price-table name: exact, else without a trailing -YYYY-MM-DD. */
function lookup(model: string, prices: PriceTable): string | null {
  const candidates = [model, /^(.*)-\d{4}-\d{2}-\d{2}$/.exec(model)?.[1]];
  for (const name of candidates) if (name !== undefined && Object.prototype.hasOwnProperty.call(prices, name)) return name;
  return null;
}

export function ledger(usages: Usage[], prices: PriceTable): Ledger {
  const priced = usages.map((u) => {
    const key = lookup(u.model, prices);
    return { u, key, cost: key === null ? null : callCost(u, prices[key]) };
  });
  const byModel: Record<string, ModelTotals> = {};
  for (const { u, key, cost } of priced) {
    if (key === null || cost === null) continue;
    const prev = byModel[key] ?? { calls: 0, promptTokens: 0, cachedTokens: 0, completionTokens: 0, cost: 0 };
    byModel[key] = {
      calls: prev.calls + 1,
      promptTokens: prev.promptTokens + u.promptTokens,
      cachedTokens: prev.cachedTokens + (u.cachedTokens ?? 0),
      completionTokens: prev.completionTokens + u.completionTokens,
      cost: prev.cost + cost,
    };
  }
  return {
    calls: priced.map((p) => p.cost),
    byModel,
    total: priced.reduce((sum, p) => sum + (p.cost ?? 0), 0),
    unknownModels: Array.from(new Set(priced.filter((p) => p.key === null).map((p) => p.u.model))).sort(),
  };
}
