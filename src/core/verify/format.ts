// The verifier's console output: one line per lesson (its problems indented under it), a summary.
import type { LessonReport, PackReport } from './types';

export function lessonLine(l: LessonReport): string {
  const seconds = `${(l.durationMs / 1000).toFixed(1)} s`;
  const wrongCaught = l.wrong.filter((w) => w.caught).length;
  const facts = [
    `${l.checks} checks`,
    l.starter ? `starter fails ${l.starter.total - l.starter.passed}/${l.starter.total}` : undefined,
    l.wrong.length ? `${wrongCaught}/${l.wrong.length} wrong caught` : undefined,
    l.passRates.length ? `pass rates ${summaryOfRates(l)}` : undefined,
    seconds,
  ].filter(Boolean);
  const head = `${l.ok ? '✔' : '✘'} ${l.id.padEnd(28)} ${facts.join(' · ')}`;
  const details = [...l.problems.map((p) => `    ✘ ${p}`), ...l.warnings.map((w) => `    ! ${w}`)];
  return [head, ...details].join('\n');
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
  const lines = r.problems.map((p) => `✘ ${p}`);
  lines.push(
    `${r.ok ? 'OK' : 'FAILED'}: ${r.lessons.length - failed}/${r.lessons.length} lessons verified, ${checks} checks, ${wrong} wrong solutions` +
      `${r.live ? `, live model ${r.live.model} x${r.live.runs}` : ''} (${(r.durationMs / 1000).toFixed(1)} s).`,
  );
  return lines.join('\n');
}
