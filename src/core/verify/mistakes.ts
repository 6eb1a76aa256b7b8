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

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/** The wrong solutions (of wrong/<name>/ only) whose recorded set is missing or differs from the run. */
function drifted(lesson: Lesson, wrong: WrongReport[]): { name: string; recorded: readonly string[] | undefined; now: string[] }[] {
  return wrong.map((w) => ({ name: w.name, recorded: lesson.wrong?.[w.name]?.fails, now: w.failedChecks })).filter((d) => !d.recorded || !sameSet(d.recorded, d.now));
}

/**
 * Problems for recorded sets that no longer match, and for explained wrong solutions with none
 * (the panel could not show their explanation). A wrong solution with neither a why nor a
 * recorded set is left to the "no explanation" warning: packs without explanations still verify.
 */
export function mistakeProblems(lesson: Lesson, wrong: WrongReport[]): string[] {
  // `wrong`: the wrong solutions of wrong/<name>/ only, not the replies.json pseudo-entry.
  const fix = `run \`ai-dojo verify <pack> --record-mistakes --lesson ${lesson.id}\` to record it`;
  return drifted(lesson, wrong).flatMap((d) => {
    if (!d.recorded && !lesson.wrong?.[d.name]?.why) return [];
    if (!d.recorded) return [`lesson.json wrong["${d.name}"] has no "fails": the panel cannot recognise this mistake; ${fix}.`];
    const gone = d.recorded.filter((c) => !d.now.includes(c));
    const added = d.now.filter((c) => !d.recorded?.includes(c));
    const list = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');
    return [
      `lesson.json wrong["${d.name}"].fails is stale: wrong/${d.name}/ ` +
      [gone.length ? `no longer fails ${list(gone)}` : '', added.length ? `now fails ${list(added)}` : ''].filter(Boolean).join(' and ') +
      `; ${fix}.`,
    ];
  });
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
export function withFails(text: string, name: string, fails: readonly string[]): string {
  const root = parseTree(text);
  const entry = root && findNodeAtLocation(root, ['wrong', name]);
  if (!entry || entry.type !== 'object') {
    // No entry yet: let jsonc-parser add it, formatted like the file's two-space indent.
    return applyEdits(text, modify(text, ['wrong', name, 'fails'], fails, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } }));
  }
  const existing = findNodeAtLocation(entry, ['fails']);
  const props = entry.children ?? [];
  const indent = props.length ? indentAt(text, props[0].offset) : `${indentAt(text, entry.offset)}  `;
  const value = arrayText(fails, indent);
  const splice = (from: number, to: number, s: string) => text.slice(0, from) + s + text.slice(to);
  if (existing) return splice(existing.offset, existing.offset + existing.length, value);
  if (props.length) {
    const last = props[props.length - 1];
    return splice(last.offset + last.length, last.offset + last.length, `,\n${indent}"fails": ${value}`);
  }
  return splice(entry.offset, entry.offset + entry.length, `{\n${indent}"fails": ${value}\n${indentAt(text, entry.offset)}}`);
}

/** lesson.json's text with `wrong.<name>.fails` set for every wrong solution run, all else as it was. */
export function withRecordedMistakes(text: string, wrong: WrongReport[]): string {
  return wrong.reduce((out, w) => withFails(out, w.name, w.failedChecks), text);
}

/** Writes the sets that drifted (or were missing) into lesson.json; returns the names recorded. `wrong`: of wrong/<name>/ only. */
export function recordMistakes(lesson: Lesson, wrong: WrongReport[]): string[] {
  const names = drifted(lesson, wrong).map((d) => d.name);
  if (!names.length) return [];
  const file = path.join(lesson.dir, LESSON_MANIFEST);
  const text = readFileSync(file, 'utf8');
  const next = withRecordedMistakes(text, wrong.filter((w) => names.includes(w.name)));
  if (next !== text) writeFileSync(file, next);
  return names;
}
