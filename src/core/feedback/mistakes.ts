// Names the known mistake a failed run looks like: each wrong solution a lesson keeps under
// wrong/<name>/ has the set of checks it fails (recorded by `ai-dojo verify --record-mistakes`
// and checked on every verify), and a learner's run that fails the same set, or one close to it,
// probably makes the same mistake.

/** A wrong solution of the lesson: what it is and the checks it fails. */
export interface KnownMistake {
  name: string;
  why: string;
  fails: readonly string[];
}

export interface MistakeMatch {
  /** The failed set equals the mistakes' sets (else: the closest sets, at `similarity`). */
  exact: boolean;
  /** Jaccard similarity of the run's failed set and the best mistakes' (1 when exact). */
  similarity: number;
  /** The best mistakes, at most MAX_SHOWN: two when they tie. */
  mistakes: KnownMistake[];
  /** How many mistakes tie for best (more than `mistakes.length` when more than two tie). */
  tied: number;
}

/**
 * The least Jaccard similarity for a "closest" match: 0.5. Measured on the built-in course (380
 * wrong solutions; test/unit/mistakeMatchCourse.test.ts): of the 6150 runs one check away from a
 * known mistake (one of its checks fewer, or one more of the lesson's), 0.5 matches every one
 * (5932 to the mistake itself, 218 to a neighbour at least as close); 0.6 leaves 1717 unmatched,
 * and nothing below 0.5 matches more of them. The cost, measured by leaving each mistake out of
 * the list: its own failures are then named as another known mistake 188 times in 380 (130 at
 * 0.6), which is why a closest match is shown as "close to", with its overlap.
 */
export const MATCH_THRESHOLD = 0.5;
export const MAX_SHOWN = 2;

/** |a ∩ b| / |a ∪ b|; 0 for two empty sets (nothing failed is no mistake). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  const union = a.size + b.size - both;
  return union === 0 ? 0 : both / union;
}

/**
 * The known mistake a run that failed `failed` looks like: the mistakes failing exactly that
 * set, else those closest to it at `threshold` or above; none when nothing failed, no mistake
 * has a recorded set, or none is close. Ties are returned as ties (at most two shown), never
 * broken by order.
 */
export function matchMistake(failed: readonly string[], known: readonly KnownMistake[], threshold = MATCH_THRESHOLD): MistakeMatch | undefined {
  const run = new Set(failed);
  if (run.size === 0) return undefined;
  let best = 0;
  let at: KnownMistake[] = [];
  for (const m of known) {
    if (m.fails.length === 0) continue;
    const s = jaccard(run, new Set(m.fails));
    if (s > best) [best, at] = [s, [m]];
    else if (s === best && s > 0) at.push(m);
  }
  if (at.length === 0 || best < threshold) return undefined;
  return { exact: best === 1, similarity: best, mistakes: at.slice(0, MAX_SHOWN), tied: at.length };
}

/** A lesson's known mistakes from its manifest: the wrong solutions with a why and a recorded set. */
export function knownMistakes(wrong: Readonly<Record<string, { why?: string; fails?: readonly string[] }>> | undefined): KnownMistake[] {
  return Object.entries(wrong ?? {}).flatMap(([name, w]) => (w.why && w.fails?.length ? [{ name, why: w.why, fails: w.fails }] : []));
}

/**
 * Prompt lessons are compared on their static checks only (the prompt text): case checks grade
 * the output of whatever model the learner runs, while the recorded sets come from the
 * verifier's scripted replies, so they say nothing about which prompt mistake was made.
 */
export function comparable(kind: string, names: readonly string[]): string[] {
  return kind === 'prompt' ? names.filter((n) => !n.includes(' › ')) : [...names];
}

/** The known mistake a lesson's failed run looks like (see `matchMistake` and `comparable`). */
export function matchLessonMistake(lesson: { kind: string; wrong?: Parameters<typeof knownMistakes>[0] }, failed: readonly string[]): MistakeMatch | undefined {
  const known = knownMistakes(lesson.wrong).map((m) => ({ ...m, fails: comparable(lesson.kind, m.fails) }));
  return matchMistake(comparable(lesson.kind, failed), known);
}
