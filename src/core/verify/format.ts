// The verifier's console output: one line per lesson (its problems indented under it), a summary.
import type { LessonReport, MutationReport, PackReport } from './types';

/** With `verbose`, each rule, wrong solution and right variant gets a line of its own. */
export function lessonLine(l: LessonReport, verbose = false): string {
  const seconds = `${(l.durationMs / 1000).toFixed(1)} s`;
  const wrongCaught = l.wrong.filter((w) => w.caught).length;
  const facts = [
    `${l.checks} checks`,
    l.starter ? `starter fails ${l.starter.total - l.starter.passed}/${l.starter.total}` : undefined,
    l.wrong.length ? `${wrongCaught}/${l.wrong.length} wrong caught` : undefined,
    l.right?.length ? `right variants: ${countOf(l.right.filter((r) => r.passed).length, l.right.length)} ✔` : undefined,
    l.rules?.length ? `rules ${countOf(l.rules.filter((r) => r.checks.length && r.wrong.length).length, l.rules.length)} covered` : undefined,
    l.passRates.length ? `pass rates ${summaryOfRates(l)}` : undefined,
    l.mutation ? mutationFact(l.mutation) : undefined,
    l.recorded?.length ? `recorded the checks ${countOf(l.recorded.length, l.wrong.length)} wrong solutions fail` : undefined,
    seconds,
  ].filter(Boolean);
  const head = `${l.ok ? '✔' : '✘'} ${l.id.padEnd(28)} ${facts.join(' · ')}`;
  const details = [...l.problems.map((p) => `    ✘ ${p}`), ...l.warnings.map((w) => `    ! ${w}`), ...skippedFileLines(l.mutation), ...survivorLines(l.mutation), ...(verbose ? verboseLines(l) : [])];
  return [head, ...details].join('\n');
}

/** e.g. "mutants 94% (61/65 killed, 1 equivalent, 12.3 s)". */
function mutationFact(m: MutationReport): string {
  if (m.status === 'skipped') return `mutants skipped: ${m.reason}`;
  if (m.status === 'cancelled') return `mutants cancelled after ${m.mutants.length}/${m.total}`;
  const counted = m.killed + m.survived;
  const extra = [m.equivalent ? `${m.equivalent} equivalent` : '', m.ignored ? `${m.ignored} ignored` : '', m.timeouts ? `${m.timeouts} by timeout` : '', m.crashes + m.errors ? `${m.crashes + m.errors} by crash or load error` : '', `${(m.durationMs / 1000).toFixed(1)} s`];
  const score = m.score === undefined ? 'no score' : `${Math.floor(m.score)}%`;
  return `mutants ${score} (${m.killed}/${counted} killed${extra.filter(Boolean).map((e) => `, ${e}`).join('')})`;
}

/** The solution files the mutant run left alone (the author's code, not the learner's), one line each. */
function skippedFileLines(m: MutationReport | undefined): string[] {
  return m && m.status !== 'skipped' ? (m.skippedFiles ?? []).map((f) => `    · not mutated: ${f.file}: ${f.reason}`) : [];
}

/** Each surviving mutant as `file:line  original → mutant`, one line each. */
function survivorLines(m: MutationReport | undefined): string[] {
  return (m?.mutants ?? []).filter((x) => x.status === 'survived').map((x) => `    ~ ${x.file}:${x.line}  ${oneLine(x.original)} → ${oneLine(x.replacement)}`);
}

/** Code on one line, at most `max` characters, for a report. */
export function oneLine(code: string, max = 60): string {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "3" when all of them, else "2/3". */
const countOf = (n: number, of: number) => (n === of ? String(of) : `${n}/${of}`);

// Check names may hold commas: " | " separates them.
const list = (names: string[]) => (names.length ? names.join(' | ') : 'none');

function verboseLines(l: LessonReport): string[] {
  return [
    ...(l.rules ?? []).map((r) => `    rule ${r.id}: ${r.text} · checks: ${list(r.checks)} · wrong: ${list(r.wrong)}`),
    ...l.wrong.map((w) => {
      const breaks = w.rules?.length ? ` (breaks ${w.rules.join(', ')})` : '';
      return w.caught ? `    wrong ${w.name}${breaks}: fails ${w.failedChecks.length ? list(w.failedChecks) : 'the run'}` : `    wrong ${w.name}${breaks}: passes every check`;
    }),
    ...(l.right ?? []).map((r) => `    right ${r.name}: ${r.passed ? 'passes' : `fails ${r.failures.join(' | ')}`}`),
  ];
}

function summaryOfRates(l: LessonReport): string {
  const min = Math.min(...l.passRates.map((r) => r.passRate));
  const flaky = l.passRates.filter((r) => r.flaky).length;
  return `min ${Math.round(min * 100)}%${flaky ? `, ${flaky} flaky` : ''} over ${Math.max(...l.passRates.map((r) => r.runs))} runs`;
}

export function summaryLine(r: PackReport): string {
  const failed = r.lessons.filter((l) => !l.ok).length;
  const wrong = r.lessons.reduce((n, l) => n + l.wrong.length, 0);
  const checks = r.lessons.reduce((n, l) => n + l.checks, 0);
  const lines = [...r.problems.map((p) => `✘ ${p}`), ...(r.warnings ?? []).map((w) => `! ${w}`)];
  const mutated = r.lessons.flatMap((l) => (l.mutation && l.mutation.status !== 'skipped' ? [l.mutation] : []));
  const skipped = r.lessons.filter((l) => l.mutation?.status === 'skipped').length;
  lines.push(
    `${r.ok ? 'OK' : 'FAILED'}: ${r.lessons.length - failed}/${r.lessons.length} lessons verified, ${checks} checks, ${wrong} wrong solutions` +
      `${r.live ? `, live model ${r.live.model} x${r.live.runs}` : ''}${mutated.length || skipped ? `, ${mutantsSummary(mutated, skipped)}` : ''} (${(r.durationMs / 1000).toFixed(1)} s).`,
  );
  return lines.join('\n');
}

/** e.g. "1234 mutants in 27 lessons, 40 survived, lowest score 81%, 2.5 mutants/s, 3 skipped". */
function mutantsSummary(ms: MutationReport[], skipped: number): string {
  const total = ms.reduce((n, m) => n + m.total, 0);
  const survived = ms.reduce((n, m) => n + m.survived, 0);
  // A cancelled lesson's score covers only the mutants run so far: not a score to compare.
  const scores = ms.flatMap((m) => (m.score === undefined || m.status !== 'done' ? [] : [m.score]));
  const ran = ms.reduce((n, m) => n + m.mutants.filter((x) => x.durationMs !== undefined).length, 0);
  const seconds = ms.reduce((n, m) => n + m.durationMs, 0) / 1000;
  return (
    `${total} mutants in ${ms.length} lessons, ${survived} survived${scores.length ? `, lowest score ${Math.floor(Math.min(...scores))}%` : ''}` +
    `, ${(ran / Math.max(seconds, 0.001)).toFixed(1)} mutants/s${skipped ? `, ${skipped} lessons skipped` : ''}`
  );
}
