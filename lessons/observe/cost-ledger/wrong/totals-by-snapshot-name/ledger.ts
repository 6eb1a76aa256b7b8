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

/** The price-table name for a model: its own name, or without a trailing -YYYY-MM-DD snapshot date. */
function priceKey(model: string, prices: PriceTable): string | undefined {
  if (Object.hasOwn(prices, model)) return model;
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return Object.hasOwn(prices, base) ? base : undefined;
}

/** Prices every call, totals them per model and overall, and reports models it cannot price. */
export function ledger(usages: Usage[], prices: PriceTable): Ledger {
  const calls: (number | null)[] = [];
  const byModel: Record<string, ModelTotals> = {};
  const unknown = new Set<string>();
  let total = 0;
  for (const usage of usages) {
    const key = priceKey(usage.model, prices);
    if (key === undefined) {
      // Not free: unpriced. Reporting it keeps a new model from hiding in the totals as $0.
      unknown.add(usage.model);
      calls.push(null);
      continue;
    }
    // Full precision all the way; round only when displaying.
    const cost = callCost(usage, prices[key]);
    calls.push(cost);
    total += cost;
    const t = (byModel[usage.model] ??= { calls: 0, promptTokens: 0, cachedTokens: 0, completionTokens: 0, cost: 0 });
    t.calls += 1;
    t.promptTokens += usage.promptTokens;
    t.cachedTokens += usage.cachedTokens ?? 0;
    t.completionTokens += usage.completionTokens;
    t.cost += cost;
  }
  return { calls, byModel, total, unknownModels: [...unknown].sort() };
}
