// The grade as terminal lines: one per lesson, its failures under it, and a summary.
import type { GradeReport, LessonGrade } from './types';

const MARK: Record<LessonGrade['status'], string> = { passed: '✔', failed: '✘', 'needs-model': '○', 'not-attempted': '·' };

function counted(l: LessonGrade): string {
  return `${l.passed}/${l.total} ${l.kind === 'prompt' ? 'checks and cases' : 'checks'}`;
}

export function gradeLine(l: LessonGrade, verbose = false): string {
  const head = `${MARK[l.status]} ${l.id}`;
  if (l.status === 'not-attempted') return `${head}  not attempted`;
  if (!l.checks.length) return `${head}  ${l.message ?? l.status}`;
  const time = `${(l.durationMs / 1000).toFixed(1)} s`;
  if (l.status === 'passed') return `${head}  ${counted(l)} (${time})`;
  if (l.status === 'needs-model') {
    const waiting = l.checks.filter((c) => c.status === 'needs-model').length;
    return `${head}  needs a model: ${waiting} case${waiting === 1 ? '' : 's'} not run; ${l.checks.length - waiting} offline check(s) pass`;
  }
  const bad = l.checks.filter((c) => c.status === 'failed' || c.status === 'not-run');
  const lines = [`${head}  ${counted(l)} (${time})${l.message ? `: ${l.message}` : ''}`];
  for (const c of verbose ? bad : bad.slice(0, 5)) lines.push(`    ✘ ${c.kind === 'case' ? 'case ' : ''}${c.name}: ${c.reason}`);
  if (!verbose && bad.length > 5) lines.push(`    … and ${bad.length - 5} more (--verbose lists them all)`);
  return lines.join('\n');
}

export function gradeSummary(r: GradeReport): string {
  const c = r.counts;
  const parts = [`${c.passed} passed`, `${c.failed} failed`, ...(c['needs-model'] ? [`${c['needs-model']} need a model`] : []), ...(c['not-attempted'] ? [`${c['not-attempted']} not attempted`] : [])];
  return `${r.ok ? 'OK' : 'FAILED'}: ${parts.join(', ')} (${r.lessons.length} lesson${r.lessons.length === 1 ? '' : 's'} of ${r.pack.id || 'the pack'}) in ${(r.durationMs / 1000).toFixed(1)} s`;
}
