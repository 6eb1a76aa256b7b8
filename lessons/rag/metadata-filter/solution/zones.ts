// Provided: you do not need to edit this file. The checks call matches() and search() through
// it: it runs your function once in each of several time zones and returns the answer when
// they all agree. A filter on UTC days must give the same answer on every machine, so when
// the answers differ it returns them by zone instead (which no check accepts).
import * as mine from './filter';
import type { Chunk, Filter } from './filter';

// The Node global, declared here so that the file needs no @types/node.
declare const process: { env: Record<string, string | undefined> };

/** Zones west and east of UTC, with `getTimezoneOffset()` on 1 January 2024 (to confirm the switch). */
const ZONES: [zone: string, januaryOffset: number][] = [
  ['UTC', 0],
  ['America/St_Johns', 210], // UTC-03:30, and -02:30 from 10 March 2024
  ['Pacific/Pago_Pago', 660], // UTC-11:00
  ['Asia/Kolkata', -330], // UTC+05:30
  ['Pacific/Kiritimati', -840], // UTC+14:00
];

type Answer = { value: unknown } | { error: string };

function inEveryZone(run: () => unknown): unknown {
  const original = process.env.TZ;
  const answers: Record<string, Answer> = {};
  try {
    for (const [zone, offset] of ZONES) {
      process.env.TZ = zone;
      // A runtime that cannot switch zones keeps only the zones it really ran in.
      if (new Date(2024, 0, 1).getTimezoneOffset() !== offset) continue;
      try {
        answers[zone] = { value: run() };
      } catch (e) {
        answers[zone] = { error: e instanceof Error ? e.message : String(e) };
      }
    }
  } finally {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  }
  const all = Object.values(answers);
  if (all.length === 0) return run();
  const same = all.every((a) => JSON.stringify(a) === JSON.stringify(all[0]));
  if (!same) {
    const byZone: Record<string, unknown> = {};
    for (const [zone, a] of Object.entries(answers)) byZone[zone] = 'value' in a ? a.value : `throws: ${a.error}`;
    return { 'answers differ by time zone': byZone };
  }
  const first = all[0];
  if ('error' in first) throw new Error(first.error);
  return first.value;
}

/** Your matches(), run in every zone. */
export function matches(chunk: Chunk, filter: Filter): unknown {
  return inEveryZone(() => mine.matches(chunk, filter));
}

/** Your search(), run in every zone. */
export function search(chunks: Chunk[], filter: Filter, k: number): unknown {
  return inEveryZone(() => mine.search(chunks, filter, k));
}

/** Your matches() on many cases: per case its answer, or `{ error }` when it throws. */
export function matchesEach(cases: { chunk: Chunk; filter: Filter }[]): unknown[] {
  return cases.map(({ chunk, filter }) => {
    try {
      return matches(chunk, filter);
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  });
}
