// A property check: the learner's function and the reference's are called with the same
// generated arguments (fast-check, seeded), and must agree by the check's comparator. A failure
// shows the shrunk, smallest input on which they disagree, and the seed that reproduces it.
import * as fc from 'fast-check';
import type { CheckSpec } from '../../lessons/schema';
import { deepEqual } from '../deepEqual';
import { show } from '../format';
import type { CheckOutcome } from '../types';
import { argumentsArbitrary, ArbitrarySpecError } from './arbitraries';
import { compareBuiltIn, COMPARATORS, type Comparator, type Verdict } from './compare';
import type { CallOutcome, Caller, PropertyOptions } from './types';

export const DEFAULT_RUNS = 100;

/** A 32-bit FNV-1a hash: the default seed of a check, the same on every machine and run. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Both calls at once, each with its own copy of the arguments; a caller that rejects reads as a throw. */
function callBoth(callers: { learner: Caller; reference: Caller }, fn: string, args: unknown[]): Promise<[CallOutcome, CallOutcome]> {
  const call = (caller: Caller): Promise<CallOutcome> =>
    caller(fn, structuredClone(args)).catch((e: unknown) => ({ error: { message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : 'Error' }, durationMs: 0 }));
  return Promise.all([call(callers.learner), call(callers.reference)]);
}

interface Disagreement {
  args: unknown[];
  mine: CallOutcome;
  theirs: CallOutcome;
  detail?: string;
}

const fail = (reason: string): CheckOutcome => ({ pass: false, score: 0, reason });

function described(o: CallOutcome, who: 'your function' | 'the reference'): string {
  const verb = who === 'your function' ? ['threw', 'returned'] : ['throws', 'returns'];
  return o.error ? `${who} ${verb[0]} ${o.error.name ?? 'Error'}: ${o.error.message}` : `${who} ${verb[1]} ${show(o.output, 300)}`;
}

function asText(o: CallOutcome): string {
  return o.error ? `throws ${o.error.name ?? 'Error'}: ${o.error.message}` : show(o.output);
}

/** The reason of a failed property check: the counterexample in the learner's terms. */
function counterexampleReason(fn: string, d: Disagreement, seed: number, details: { numRuns: number; numShrinks: number }): string {
  const call = `${fn}(${d.args.map((a) => show(a, 200)).join(', ')})`;
  // "value is 0, expected 1" repeats the two results; a path into them ("[2].score is …") does not.
  const repeats = !d.detail || (/^value is /.test(d.detail) && !d.detail.includes(' ± '));
  const where = repeats ? '' : ` Where they differ: ${d.detail}.`;
  return (
    `For ${call} ${described(d.mine, 'your function')}; ${described(d.theirs, 'the reference')} ` +
    `(seed ${seed}, run with the same seed to reproduce).${where} ` +
    `Found after ${details.numRuns} generated input${details.numRuns === 1 ? '' : 's'}, shrunk ${details.numShrinks} time${details.numShrinks === 1 ? '' : 's'} to the smallest.`
  );
}

/**
 * Runs a property check. `callers` call one exported function in the learner's and in the
 * reference's process; both get the same arguments (each a deep copy). Both throwing counts as
 * agreeing; one throwing where the other returns is a counterexample.
 */
export async function runPropertyCheck(spec: CheckSpec, callers: { learner: Caller; reference: Caller }, opts: PropertyOptions = {}): Promise<CheckOutcome> {
  const fn = spec.call ?? opts.defaultCall;
  if (!fn) return fail('The property check names no function: set `call` on the check or the lesson.');
  const comparator = (spec.compare ?? 'deep-equal') as Comparator;
  if (!COMPARATORS.includes(comparator)) return fail(`Unknown comparator "${String(spec.compare)}" (use ${COMPARATORS.join(', ')}).`);
  if (comparator === 'javascript' && typeof spec.value !== 'string') return fail('compare "javascript" needs `value`: an expression over actual, expected and args.');
  if (comparator === 'javascript' && !opts.compareCustom) return fail('compare "javascript" cannot run here: this runner has no place to evaluate the expression.');
  let inputs: fc.Arbitrary<unknown[]>;
  try {
    inputs = argumentsArbitrary(spec.arbitraries);
  } catch (e) {
    if (e instanceof ArbitrarySpecError) return fail(`The check's arbitraries are invalid: ${e.message}.`);
    throw e;
  }
  const seed = spec.seed ?? opts.defaultSeed ?? seedOf(JSON.stringify(spec));
  const numRuns = spec.runs ?? DEFAULT_RUNS;

  let last: Disagreement | undefined;
  let checkError: string | undefined;
  const agree = async (args: unknown[], mine: CallOutcome, theirs: CallOutcome): Promise<Verdict> => {
    if (mine.error || theirs.error) return { pass: Boolean(mine.error && theirs.error) };
    if (comparator !== 'javascript') return compareBuiltIn(comparator, mine.output, theirs.output, spec.tolerance);
    const r = await opts.compareCustom!(spec.value as string, { actual: mine.output, expected: theirs.output, args });
    return { pass: r.pass, ...(r.reason ? { detail: r.reason } : {}) };
  };
  const property = fc.asyncProperty(inputs, async (args) => {
    // Once cancelled or once the check itself broke, skip the remaining inputs quickly.
    fc.pre(!opts.signal?.aborted && checkError === undefined);
    const [mine, theirs] = await callBoth(callers, fn, args);
    let verdict: Verdict;
    try {
      verdict = await agree(args, mine, theirs);
    } catch (e) {
      checkError = e instanceof Error ? e.message : String(e);
      return true;
    }
    if (!verdict.pass) last = { args, mine, theirs, ...(verdict.detail ? { detail: verdict.detail } : {}) };
    return verdict.pass;
  });
  // `pre` only ever stops the run (cancelled, or the check broke): no skipped input is retried.
  const details = await fc.check(property, { seed, numRuns, maxSkipsPerRun: 0 });

  if (opts.signal?.aborted) return fail('Cancelled.');
  if (checkError !== undefined) return fail(`The check's comparison failed: ${checkError}`);
  if (!details.failed) return { pass: true, score: 1, reason: `Agrees with the reference on ${details.numRuns} generated inputs (seed ${seed}).` };
  const found = details.counterexample?.[0];
  if (!found) return fail(`The property check could not run: ${details.errorInstance instanceof Error ? details.errorInstance.message : 'no input was generated'} (seed ${seed}).`);
  // The last disagreement seen is the shrunk counterexample; call again if not (it never should).
  if (!last || !deepEqual(last.args, found)) {
    const [mine, theirs] = await callBoth(callers, fn, found);
    last = { args: found, mine, theirs };
  }
  return {
    pass: false,
    score: 0,
    reason: counterexampleReason(fn, last, seed, details),
    expected: asText(last.theirs),
    actual: asText(last.mine),
  };
}
