// The checks each wrong solution fails, kept in lesson.json (`wrong.<name>.fails`) so the panel can
// name a learner's mistake at run time without wrong/ (not packaged). `verify --record-mistakes`
// writes them; every other verify compares them with what the wrong solutions really fail, so a
// recorded list can never drift from the checks.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import type { Lesson } from '../lessons/model';
import { LESSON_MANIFEST } from '../lessons/loader';
import type { WrongReport } from './types';

/** Runs a wrong solution again and gives the checks it failed (a fresh sandbox run). */
export type Rerun = (name: string) => Promise<string[]>;

/** What several runs of one wrong solution failed: in every run, and in at least one. */
interface Observed {
  name: string;
  recorded: readonly string[] | undefined;
  /** Checks recorded as failed in some runs only: neither required nor forbidden. */
  unsteady: readonly string[];
  always: string[];
  ever: string[];
  runs: number;
}

/**
 * A recorded list agrees with the runs when it holds every check failed each time (unless
 * recorded as unsteady) and nothing that never failed.
 */
const agrees = (o: Observed) =>
  !!o.recorded && o.always.every((c) => o.recorded?.includes(c) || o.unsteady.includes(c)) && o.recorded.every((c) => o.ever.includes(c));

/**
 * Most runs of a wrong solution whose failures disagree with its list: a check that depends on
 * timing or chance fails in some only (one failing 3 runs in 4 is missed by all five 1 time in 1,000).
 */
const MAX_RUNS = 5;

/**
 * Runs of each wrong solution when recording: a check that fails by chance (an index's random
 * centroids, timing) is seen failing in some of them and recorded as unsteady, not as a mistake's
 * signature that a later verify would find stale.
 */
const RECORD_RUNS = 4;

/**
 * Runs each wrong solution until its failures agree with its recorded list, at most MAX_RUNS
 * times (`minRuns` at least, for recording), so a check that a wrong solution fails only some of
 * the time (timing on a busy machine) neither fails a verify nor gets recorded as always failing.
 */
async function observe(lesson: Lesson, wrong: WrongReport[], rerun: Rerun, minRuns: number): Promise<Observed[]> {
  const out: Observed[] = [];
  for (const w of wrong) {
    const entry = lesson.wrong?.[w.name];
    const o: Observed = { name: w.name, recorded: entry?.fails, unsteady: entry?.unsteady ?? [], always: [...new Set(w.failedChecks)], ever: [...new Set(w.failedChecks)], runs: 1 };
    while (o.runs < minRuns || (o.recorded && !agrees(o) && o.runs < MAX_RUNS)) {
      const again = await rerun(w.name);
      o.always = o.always.filter((c) => again.includes(c));
      o.ever = [...new Set([...o.ever, ...again])];
      o.runs++;
    }
    out.push(o);
  }
  return out;
}

const quoted = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');

/** Checks that only some runs of a wrong solution failed (not yet recorded so): worth an author's look, not a failure. */
function unsteadyWarnings(observed: Observed[]): string[] {
  return observed.flatMap((o) => {
    const some = o.ever.filter((c) => !o.always.includes(c) && !o.unsteady.includes(c));
    return some.length ? [`wrong/${o.name}/ failed ${quoted(some)} in some of ${o.runs} runs only (timing or chance?): a learner making this mistake may or may not see ${some.length === 1 ? 'it' : 'them'} fail.`] : [];
  });
}

/**
 * Compares each wrong solution's failures with its recorded list (`wrong`: the wrong solutions of
 * wrong/<name>/ only). Problems: a list that disagrees with every run, and an explained wrong
 * solution with no list (the panel could not show its explanation). A wrong solution with
 * neither a why nor a list is left to the "no explanation" warning: packs without explanations
 * still verify.
 */
export async function checkRecordedMistakes(lesson: Lesson, wrong: WrongReport[], rerun: Rerun): Promise<{ problems: string[]; warnings: string[] }> {
  const fix = `run \`ai-dojo verify <pack> --record-mistakes --lesson ${lesson.id}\` to record it`;
  const observed = await observe(lesson, wrong, rerun, 1);
  const problems = observed.flatMap((o) => {
    if (!o.recorded) return lesson.wrong?.[o.name]?.why ? [`lesson.json wrong["${o.name}"] has no "fails": the panel cannot recognise this mistake; ${fix}.`] : [];
    if (agrees(o)) return [];
    const gone = o.recorded.filter((c) => !o.ever.includes(c));
    const added = o.always.filter((c) => !o.recorded?.includes(c) && !o.unsteady.includes(c));
    const how = [gone.length ? `no longer fails ${quoted(gone)}` : '', added.length ? `now fails ${quoted(added)}` : ''].filter(Boolean).join(' and ');
    return [`lesson.json wrong["${o.name}"].fails is stale: wrong/${o.name}/ ${how}${o.runs > 1 ? ` (in ${o.runs} runs)` : ''}; ${fix}.`];
  });
  return { problems, warnings: unsteadyWarnings(observed) };
}

/** A JSON array of strings, one per line, closing at `indent` (as the built-in lessons write lists). */
function arrayText(items: readonly string[], indent: string): string {
  return items.length ? `[\n${items.map((x) => `${indent}  ${JSON.stringify(x)}`).join(',\n')}\n${indent}]` : '[]';
}

/** The whitespace before `offset` on its line. */
function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/**
 * lesson.json's text with `wrong.<name>.fails` set to `fails`. Only that value's text changes (or
 * is added after the entry's last field): every other line keeps its formatting, so recording
 * twice changes nothing and a diff shows only the lists.
 */
export function withFails(text: string, name: string, fails: readonly string[], key: 'fails' | 'unsteady' = 'fails'): string {
  const root = parseTree(text);
  const entry = root && findNodeAtLocation(root, ['wrong', name]);
  if (!entry || entry.type !== 'object') {
    // No entry yet: let jsonc-parser add it, formatted like the file's two-space indent.
    return applyEdits(text, modify(text, ['wrong', name, key], fails, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } }));
  }
  const existing = findNodeAtLocation(entry, [key]);
  const props = entry.children ?? [];
  const indent = props.length ? indentAt(text, props[0].offset) : `${indentAt(text, entry.offset)}  `;
  const value = arrayText(fails, indent);
  const splice = (from: number, to: number, s: string) => text.slice(0, from) + s + text.slice(to);
  if (existing) return splice(existing.offset, existing.offset + existing.length, value);
  if (props.length) {
    const last = props[props.length - 1];
    return splice(last.offset + last.length, last.offset + last.length, `,\n${indent}"${key}": ${value}`);
  }
  return splice(entry.offset, entry.offset + entry.length, `{\n${indent}"${key}": ${value}\n${indentAt(text, entry.offset)}}`);
}

/** lesson.json's text with `wrong.<name>.unsteady` set to `checks`, or removed when there are none. */
function withUnsteady(text: string, name: string, checks: readonly string[]): string {
  if (checks.length) return withFails(text, name, checks, 'unsteady');
  const root = parseTree(text);
  if (!root || !findNodeAtLocation(root, ['wrong', name, 'unsteady'])) return text;
  return applyEdits(text, modify(text, ['wrong', name, 'unsteady'], undefined, {}));
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const someRunsOnly = (o: Observed) => o.ever.filter((c) => !o.always.includes(c));

/**
 * Writes into lesson.json, for each wrong solution whose lists are missing or disagree, the checks
 * it failed in each of RECORD_RUNS runs (`fails`) and in some only (`unsteady`); returns the names
 * recorded.
 */
export async function recordMistakes(lesson: Lesson, wrong: WrongReport[], rerun: Rerun): Promise<{ recorded: string[]; warnings: string[] }> {
  const observed = await observe(lesson, wrong, rerun, RECORD_RUNS);
  const changed = observed.filter((o) => !o.recorded || !sameSet(o.recorded, o.always) || !sameSet(o.unsteady, someRunsOnly(o)));
  if (changed.length) {
    const file = path.join(lesson.dir, LESSON_MANIFEST);
    const text = readFileSync(file, 'utf8');
    const next = changed.reduce((out, o) => withUnsteady(withFails(out, o.name, o.always), o.name, someRunsOnly(o)), text);
    if (next !== text) writeFileSync(file, next);
  }
  // What was just recorded as unsteady is in the file now: warn about it this once.
  return { recorded: changed.map((o) => o.name), warnings: unsteadyWarnings(observed.map((o) => ({ ...o, unsteady: [] }))) };
}
