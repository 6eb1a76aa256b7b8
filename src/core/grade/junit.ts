// The grade as JUnit XML (what GitHub Actions reporters, GitLab and Jenkins display): a
// testsuite per lesson, a testcase per check or case, the reason as the failure message.
import type { GradedCheck, GradeReport, LessonGrade } from './types';

/** Characters XML 1.0 cannot hold at all (control characters, lone surrogates) are dropped. */
// eslint-disable-next-line no-control-regex
const INVALID = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(s: string): string {
  return s.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value: also quotes, and line breaks kept as references (a parser would fold them into spaces). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

function testcase(lesson: LessonGrade, c: GradedCheck): string {
  const head = `    <testcase classname="${xmlAttr(lesson.id)}" name="${xmlAttr(c.kind === 'case' ? `case: ${c.name}` : c.name)}" time="${seconds(c.durationMs)}"`;
  if (c.status === 'passed') return `${head}/>`;
  const details = [c.expected !== undefined ? `Expected: ${c.expected}` : '', c.actual !== undefined ? `Actual: ${c.actual}` : ''].filter(Boolean).join('\n');
  const body =
    c.status === 'failed'
      ? `<failure message="${xmlAttr(c.reason)}" type="${xmlAttr(c.type ?? c.kind)}">${xmlText(details || c.reason)}</failure>`
      : c.status === 'not-run'
        ? `<error message="${xmlAttr(c.reason)}" type="not-run">${xmlText(lesson.message ?? c.reason)}</error>`
        : `<skipped message="${xmlAttr(c.reason)}"/>`;
  return `${head}>\n      ${body}\n    </testcase>`;
}

/** A lesson with no checks to list (not attempted, or nothing could run) is one testcase of its own. */
function lessonCase(lesson: LessonGrade): GradedCheck {
  const reason = lesson.message ?? lesson.status;
  return { kind: 'check', name: lesson.status === 'not-attempted' ? 'attempted' : 'graded', status: lesson.status === 'not-attempted' ? 'needs-model' : 'failed', reason, type: lesson.status };
}

function counts(cases: GradedCheck[]) {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.status === 'failed').length,
    errors: cases.filter((c) => c.status === 'not-run').length,
    skipped: cases.filter((c) => c.status === 'needs-model').length,
  };
}

function testsuite(lesson: LessonGrade, timestamp: string): { xml: string; n: ReturnType<typeof counts> } {
  const cases = lesson.checks.length ? lesson.checks : [lessonCase(lesson)];
  const n = counts(cases);
  const props = [['lesson', lesson.key], ['title', lesson.title], ['status', lesson.status], ['folder', lesson.folder], ...(lesson.message ? [['message', lesson.message]] : [])];
  const xml = [
    `  <testsuite name="${xmlAttr(lesson.id)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}" time="${seconds(lesson.durationMs)}" timestamp="${timestamp}">`,
    `    <properties>${props.map(([k, v]) => `<property name="${k}" value="${xmlAttr(v)}"/>`).join('')}</properties>`,
    ...cases.map((c) => testcase(lesson, c)),
    ...(lesson.output ? [`    <system-out>${xmlText(lesson.output)}</system-out>`] : []),
    '  </testsuite>',
  ].join('\n');
  return { xml, n };
}

export function toJUnit(report: GradeReport): string {
  // JUnit's timestamp has no zone suffix or fraction.
  const timestamp = report.startedAt.replace(/\.\d+Z$|Z$/, '');
  const suites = report.lessons.map((l) => testsuite(l, timestamp));
  const sum = (k: keyof ReturnType<typeof counts>) => suites.reduce((s, x) => s + x.n[k], 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ai-dojo grade ${xmlAttr(report.pack.id)}" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" skipped="${sum('skipped')}" time="${seconds(report.durationMs)}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}
