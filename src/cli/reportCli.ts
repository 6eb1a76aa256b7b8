// `ai-dojo report <progress-exports…> -o report.html`: a team's Export Progress files as one
// self-contained HTML page (and JSON), made on a laptop or in CI, with no server.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../core/lessons/catalog';
import { nodeFiles } from '../core/lessons/files';
import { buildReport } from '../core/report/aggregate';
import { reportHtml } from '../core/report/html';
import { readPeople, type ExportFile } from '../core/report/people';
import type { CliIo } from './main';
import { argsOf, usageExit } from './args';

export const REPORT_USAGE = `Usage: ai-dojo report <progress-export.json | folder>… [-o report.html] [--json <file>] [--pack <folder>]

Makes one self-contained HTML page (no script, no network, works from disk) from the files
people write with AI Dojo: Export Progress: a people × lessons heatmap (status, attempts, hints),
each lesson's funnel (opened → in progress → passed), the lessons where people get stuck with the
checks their last runs failed, and each person's totals. A folder stands for every .json file in
it (and its sub-folders). A person is named after the file (alice.json → alice), or its folder
when the file has the default name (alice/ai-dojo-progress.json → alice); two files of one person
are merged.

Options:
  -o, --out <file>   the HTML page (default: ai-dojo-report.html, unless only --json is given)
  --json <file>      the same numbers as JSON ("-": to stdout)
  --pack <folder>    the lesson pack(s) the lessons come from, for their titles and order;
                     repeatable; default: the built-in course shipped with this CLI. Lessons
                     in exports that no pack has are shown at the end, with a warning.

Exports of every version are read (version 1 files have no run history). Files that are not
progress exports are skipped with the reason. Exits 0 when the report was written, 1 when no file
could be read, 2 on a usage error.`;

interface ReportArgs {
  inputs: string[];
  out?: string;
  json?: string;
  packs: string[];
}

export function parseReportArgs(argv: string[]): ReportArgs | string {
  const args: ReportArgs = { inputs: [], packs: [] };
  for (const { arg: a, value } of argsOf(argv)) {
    if (a === '--help' || a === '-h') return '';
    if (a === '-o' || a === '--out' || a === '--json' || a === '--pack') {
      let v: string;
      try {
        v = value();
      } catch (e) {
        return (e as Error).message;
      }
      if (a === '--json') args.json = v;
      else if (a === '--pack') args.packs.push(v);
      else args.out = v;
    } else if (a.startsWith('-')) return `Unknown option ${a}.`;
    else args.inputs.push(a);
  }
  if (!args.inputs.length) return 'Name the progress exports (files or folders): ai-dojo report people/*.json -o report.html.';
  if (!args.out && !args.json) args.out = 'ai-dojo-report.html';
  return args;
}

/** Every .json file named, or found under a folder named, in a stable order. */
function exportFiles(inputs: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    if (!existsSync(input)) missing.push(input);
    else if (statSync(input).isDirectory()) {
      const found = readdirSync(input, { recursive: true, encoding: 'utf8' }).filter((f) => f.toLowerCase().endsWith('.json')).sort();
      files.push(...found.map((f) => path.join(input, f)));
    } else files.push(input);
  }
  return { files, missing };
}

function write(file: string, text: string): string {
  const abs = path.resolve(file);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  return abs;
}

export async function reportMain(argv: string[], io: CliIo): Promise<number> {
  const args = parseReportArgs(argv);
  if (typeof args === 'string') return usageExit(args, REPORT_USAGE, io);
  const say = args.json === '-' ? io.err : io.out;
  const started = performance.now();
  const { files, missing } = exportFiles(args.inputs);
  for (const m of missing) io.err(`${m} does not exist: skipped.`);
  const texts: ExportFile[] = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const { people, problems, notes } = readPeople(texts);
  for (const p of problems) io.err(`⚠ ${p}`);
  if (!people.length) {
    io.err(`No progress export could be read (${files.length} file(s) tried). Export one with AI Dojo: Export Progress…`);
    return 1;
  }
  const builtIn = path.join(io.distDir, '..', 'lessons');
  const packDirs = args.packs.length ? args.packs.map((p) => path.resolve(p)) : existsSync(path.join(builtIn, 'pack.json')) ? [builtIn] : [];
  const catalog = await Catalog.load(packDirs, nodeFiles);
  for (const f of catalog.failedPacks) io.err(`⚠ ${f.dir}: not a lesson pack (${f.problems[0]?.message ?? 'no pack.json'}); its lessons count as unknown.`);
  const report = buildReport(catalog.packs, people);
  report.notes.push(...notes, ...problems);
  for (const w of report.warnings) io.err(`⚠ ${w}`);
  const made = performance.now() - started;
  if (args.out) {
    const html = reportHtml(report);
    say(`Report: ${write(args.out, html)} (${people.length} people × ${report.lessons.length} lessons, ${(html.length / 1024).toFixed(0)} KB)`);
  }
  if (args.json === '-') io.out(JSON.stringify(report, null, 2));
  else if (args.json) say(`JSON: ${write(args.json, JSON.stringify(report, null, 2) + '\n')}`);
  say(`Read ${texts.length} file(s) in ${Math.round(made)} ms; ${report.warnings.length} warning(s).`);
  return 0;
}
