// `ai-dojo report`: 200 generated people × 40 lessons (the built-in course and 3 lessons of a pack
// the report is not given) as one self-contained HTML page and JSON; parsed as HTML, checked
// against the generated data, warnings for unknown lessons, old versions and pack versions.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { parseReportArgs } from '../../src/cli/reportCli';
import { isStuck, type TeamReport } from '../../src/core/report/aggregate';
import { personName, readPeople } from '../../src/core/report/people';
import { exportProgress } from '../../src/core/progress/exportImport';
import { tempDir } from './helpers/tempPack';
import { UNKNOWN_LESSONS, writeExports, type Generated } from './reportExports';

/** parse5 (already installed with @vscode/vsce): the WHATWG parser, which reports every parse error. */
interface Parse5 {
  parse(html: string, opts: { onParseError: (e: { code: string; startLine: number; startCol: number }) => void }): unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parse5 = require('parse5') as Parse5;

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const PACK = path.join(ROOT, 'lessons');

async function report(args: string[]): Promise<{ code: number; out: string; errors: string }> {
  const out: string[] = [];
  const errors: string[] = [];
  const code = await main(['report', ...args], { out: (l) => out.push(l), err: (l) => errors.push(l), env: {}, distDir: DIST });
  return { code, out: out.join('\n'), errors: errors.join('\n') };
}

function builtInKeys(): string[] {
  const pack = JSON.parse(readFileSync(path.join(PACK, 'pack.json'), 'utf8')) as { id: string; tracks: { lessons: string[] }[] };
  return pack.tracks.flatMap((t) => t.lessons.map((id) => `${pack.id}:${id}`));
}

describe('ai-dojo report', function () {
  this.timeout(120_000);
  let gen: Generated;
  let dir: string;
  let html: string;
  let json: TeamReport;
  let run: { code: number; out: string; errors: string };

  before(async function () {
    dir = tempDir('ai-dojo-team-');
    const keys = builtInKeys();
    gen = writeExports(path.join(dir, 'people'), keys.slice(0, 40 - UNKNOWN_LESSONS.length), 200);
    writeFileSync(path.join(dir, 'people', 'notes.json'), '{"not": "an export"}');
    const started = performance.now();
    run = await report([path.join(dir, 'people'), '-o', path.join(dir, 'report.html'), '--json', path.join(dir, 'report.json'), '--pack', PACK]);
    const ms = performance.now() - started;
    html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    json = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as TeamReport;
    // Measured, not asserted: machines differ.
    console.log(`      report of 200 people × ${json.lessons.length} lessons: ${Math.round(ms)} ms, ${(html.length / 1024).toFixed(0)} KB of HTML`);
    // The screenshot script (test/unit/reportScreenshot.ts) opens this copy.
    mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(path.join(ROOT, 'test-results', 'report.html'), html);
  });

  it('writes the page and says so; a file that is not an export is skipped with the reason', function () {
    assert.equal(run.code, 0, run.errors);
    assert.match(run.out, /Report: .*report\.html \(200 people × \d+ lessons/);
    assert.match(run.errors, /notes\.json: skipped, Not an AI Dojo progress file/);
  });

  it('is valid HTML, self-contained: no script, no external asset, no network', function () {
    const errors: string[] = [];
    parse5.parse(html, { onParseError: (e) => errors.push(`${e.code} at ${e.startLine}:${e.startCol}`) });
    assert.deepEqual(errors.slice(0, 5), []);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(|https?:\/\//i);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
  });

  it('has every person as a heatmap row and every lesson as a column, unknown lessons last and flagged', function () {
    assert.equal(json.people.length, 200);
    assert.equal(json.lessons.length, 40);
    assert.equal((html.match(/<th class="name">/g) ?? []).length, 200);
    assert.equal((html.match(/<th class="v[^"]*"/g) ?? []).length, 40);
    assert.deepEqual(json.lessons.slice(-3).map((l) => [l.key, l.unknown]), [...UNKNOWN_LESSONS].sort().map((k) => [k, true]));
    for (const key of UNKNOWN_LESSONS) assert.ok(json.warnings.some((w) => w.startsWith(`Unknown lesson ${key} `)), key);
    assert.match(run.errors, /⚠ Unknown lesson team:onboarding\/repo-tour/);
  });

  it('warns about version 1 exports and exports from another pack version', function () {
    assert.ok(json.warnings.some((w) => /^20 export\(s\) are version 1/.test(w)), json.warnings.join('\n'));
    assert.ok(json.warnings.some((w) => /^Exported with pack ai-dojo 0\.0\.9 \(the report uses 0\.1\.0\): .*person-025/.test(w)), json.warnings.join('\n'));
  });

  it('counts each lesson’s funnel and each person’s totals as the generated data says', function () {
    const byName = new Map(gen.people.map((p) => [p.name, p]));
    for (const [j, lesson] of json.lessons.entries()) {
      const col = json.people.map((name) => byName.get(name)?.progress[lesson.key]);
      const s = json.lessonStats[j];
      assert.equal(s.passed, col.filter((p) => p?.status === 'passed').length, lesson.key);
      assert.equal(s.opened, col.filter((p) => p && (p.status !== 'not-started' || p.attempts > 0)).length, lesson.key);
      assert.equal(s.inProgress, col.filter((p) => p && (p.attempts > 0 || p.status === 'passed')).length, lesson.key);
      assert.ok(s.opened >= s.inProgress && s.inProgress >= s.passed, `${lesson.key}: a funnel narrows`);
      assert.equal(s.hints, col.reduce((n, p) => n + (p?.hintsShown ?? 0) + (p?.modelHints ?? 0), 0));
    }
    const t = json.totals.find((x) => x.name === 'person-007');
    const p = byName.get('person-007');
    assert.ok(t && p);
    assert.equal(t.passed, Object.values(p.progress).filter((q) => q.status === 'passed').length);
    assert.equal(t.attempts, Object.values(p.progress).reduce((n, q) => n + q.attempts, 0));
  });

  it('lists where people get stuck, most stuck first, with the checks their last runs failed (version 2 only)', function () {
    assert.ok(json.stuck.length > 0);
    const stats = json.stuck.map((k) => json.lessonStats.find((s) => s.key === k)?.stuck ?? 0);
    assert.deepEqual(stats, [...stats].sort((a, b) => b - a));
    const first = json.lessonStats.find((s) => s.key === json.stuck[0]);
    const j = json.lessons.findIndex((l) => l.key === json.stuck[0]);
    assert.equal(first?.stuck, json.cells.filter((row) => isStuck(row[j])).length);
    assert.ok(first?.failingChecks.length, 'failing checks of the last runs are counted');
    // Version 1 exports carry no runs: none of their cells has failing checks.
    const v1 = json.people.map((n, i) => [n, i] as const).filter(([n]) => gen.people.find((g) => g.name === n)?.version === 1);
    assert.ok(v1.length);
    for (const [, i] of v1) assert.ok(json.cells[i].every((c) => c.lastFailed === undefined && c.firstRun === undefined));
    assert.match(html, /Where people get stuck/);
  });

  it('names people after the file, or the folder of a file with the default name; merges two files of one person', function () {
    assert.equal(personName('/x/alice.json'), 'alice');
    assert.equal(personName('/x/bob/ai-dojo-progress.json'), 'bob');
    assert.equal(personName('/x/bob/ai-dojo-progress (1).json'), 'bob');
    const doc = (attempts: number, status: 'passed' | 'in-progress') => JSON.stringify(exportProgress({ 'ai-dojo:rag/chunker': { status, attempts, bestScore: status === 'passed' ? 1 : 0.5, hintsShown: 1 } }, () => undefined));
    const { people, notes } = readPeople([{ file: 'a/carol/ai-dojo-progress.json', text: doc(2, 'in-progress') }, { file: 'b/carol.json', text: doc(4, 'passed') }]);
    assert.equal(people.length, 1);
    assert.deepEqual([people[0].progress['ai-dojo:rag/chunker'].status, people[0].progress['ai-dojo:rag/chunker'].attempts], ['passed', 4]);
    assert.match(notes[0], /^carol: 2 files merged/);
  });

  it('escapes what exports contain (titles and names are data, not markup)', async function () {
    const d = tempDir('ai-dojo-team-');
    writeFileSync(path.join(d, '<img src=x>.json'), JSON.stringify(exportProgress({ 'evil:<script>alert(1)</script>': { status: 'in-progress', attempts: 1, bestScore: 0, hintsShown: 0 } }, () => '<b onmouseover=x>')));
    const r = await report([d, '-o', path.join(d, 'r.html')]);
    assert.equal(r.code, 0, r.errors);
    const page = readFileSync(path.join(d, 'r.html'), 'utf8');
    assert.doesNotMatch(page, /<script|<img|<b /);
    assert.match(page, /&lt;img src=x&gt;/);
  });

  it('usage: exits 2 without inputs, 1 when no file is an export; --json - prints JSON', async function () {
    assert.equal((await report([])).code, 2);
    assert.match(String(parseReportArgs(['--bogus'])), /Unknown option --bogus/);
    const d = tempDir('ai-dojo-team-');
    writeFileSync(path.join(d, 'x.json'), '[]');
    const none = await report([d]);
    assert.equal(none.code, 1);
    assert.match(none.errors, /No progress export could be read \(1 file\(s\) tried\)/);
    const one = gen.files[1];
    const printed = await report([one, '--json', '-']);
    assert.equal(printed.code, 0, printed.errors);
    assert.equal((JSON.parse(printed.out) as TeamReport).people.length, 1);
  });
});
