import type { Usage } from './model/types';

/** USD per million tokens. */
export interface Price {
  input: number;
  output: number;
  /** Cached input tokens, when the provider discounts them. */
  cachedInput?: number;
}

/**
 * A few list prices (USD per 1M tokens, OpenAI, as published in 2025) so that cost checks work
 * out of the box; the setting aiDojo.model.prices overrides or adds models. Local servers cost 0.
 */
export const KNOWN_PRICES: Record<string, Price> = {
  'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
};

/** The cost of one call, or undefined when the model's price is not known. */
export function costUsd(price: Price | undefined, usage: Usage): number | undefined {
  if (!price) return undefined;
  const cached = Math.min(usage.cachedTokens ?? 0, usage.promptTokens);
  const fresh = usage.promptTokens - cached;
  return (fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.completionTokens * price.output) / 1_000_000;
}

/** Exact id first, then the id without a date suffix (gpt-4o-mini-2024-07-18 -> gpt-4o-mini). */
export function priceFor(model: string, table: Record<string, Price>): Price | undefined {
  return table[model] ?? table[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')];
}
