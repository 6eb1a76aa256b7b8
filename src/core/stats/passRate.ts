/**
 * Pass rates of repeated prompt runs, stated honestly: a rate from a handful of runs is an
 * estimate, so it comes with a 95 % Wilson score interval (which, unlike the normal
 * approximation, stays inside [0, 1] and is sensible at 0/n and n/n), and pass^k (tau-bench):
 * the chance that k independent runs all pass, the figure that matters when every call counts.
 */

/** z for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** The Wilson score interval of `passes` out of `runs`; undefined when nothing ran. */
export function wilson(passes: number, runs: number, z = Z95): Interval | undefined {
  if (!Number.isInteger(runs) || runs <= 0 || !Number.isInteger(passes) || passes < 0 || passes > runs) return undefined;
  const p = passes / runs;
  const z2 = z * z;
  const denom = 1 + z2 / runs;
  const centre = (p + z2 / (2 * runs)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / runs + z2 / (4 * runs * runs));
  // Clamp the rounding at the edges: 0/n has low 0 and n/n high 1 exactly.
  return { low: passes === 0 ? 0 : Math.max(0, centre - half), high: passes === runs ? 1 : Math.min(1, centre + half) };
}

/**
 * pass^k: the unbiased estimate C(c,k)/C(n,k) that k runs drawn from the n observed all pass
 * (c passes). Undefined when k is not in 1..n: n runs say nothing about more than n.
 */
export function passHatK(passes: number, runs: number, k: number): number | undefined {
  if (!Number.isInteger(k) || k < 1 || k > runs || passes < 0 || passes > runs) return undefined;
  let r = 1;
  // C(c,k)/C(n,k) = prod_{i<k} (c-i)/(n-i), without big factorials.
  for (let i = 0; i < k; i++) r *= Math.max(0, passes - i) / (runs - i);
  return r;
}

/** The decision of an adaptive repeat: keep running, or the interval already settles the case. */
export type Settled = 'pass' | 'fail' | undefined;

/** The fewest runs before a case may stop early: fewer say too little, whatever the interval. */
export const MIN_RUNS_BEFORE_STOP = 3;

/**
 * After `runs` runs with `passes` passes: 'pass' when the whole 95 % interval is above
 * `minPassRate`, 'fail' when it is wholly below, else undefined (run on). Never before
 * MIN_RUNS_BEFORE_STOP runs. Either verdict agrees with the plain rule on the runs made
 * (passes/runs >= minPassRate), since the observed rate lies inside its interval.
 */
export function settled(passes: number, runs: number, minPassRate: number): Settled {
  if (runs < MIN_RUNS_BEFORE_STOP) return undefined;
  const ci = wilson(passes, runs);
  if (!ci) return undefined;
  if (ci.low > minPassRate) return 'pass';
  if (ci.high < minPassRate) return 'fail';
  return undefined;
}

/** The figures of one repeated case, for results and reports. */
export interface PassStats {
  passes: number;
  runs: number;
  rate: number;
  ci95: Interval;
  /** pass^k for k = runs (every run made passes). */
  k: number;
  passHatK: number;
}

/** The figures of `passes` out of `runs`, with pass^k for a stated k in 1..runs (default: k = runs). */
export function passStats(passes: number, runs: number, k = runs): PassStats | undefined {
  const ci95 = wilson(passes, runs);
  const hat = passHatK(passes, runs, k);
  if (!ci95 || hat === undefined) return undefined;
  return { passes, runs, rate: passes / runs, ci95, k, passHatK: hat };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** "8/10 runs passed (80 %, 95 % CI 49–94 %), pass^10 0 %": for reports and logs. */
export function describePassStats(s: PassStats): string {
  return `${s.passes}/${s.runs} runs passed (${pct(s.rate)}, 95 % CI ${Math.round(s.ci95.low * 100)}–${pct(s.ci95.high)}), pass^${s.k} ${pct(s.passHatK)}`;
}
