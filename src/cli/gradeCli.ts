// `ai-dojo grade <learner-folder> --pack <pack>`: grades a learner's committed lesson folders in
// CI with the editor's runners and limits; prints a line per lesson, writes JSON and JUnit XML.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OfflineEmbedder } from '../core/embeddings/offlineEmbedder';
import { gradeLine, gradeSummary } from '../core/grade/format';
import { gradeFolder, type GradeOptions } from '../core/grade/gradeFolder';
import { toJUnit } from '../core/grade/junit';
import { nodeFiles } from '../core/lessons/files';
import { redact } from '../core/model/errors';
import { OpenAiCompatibleClient } from '../core/model/openaiClient';
import { SandboxPool } from '../core/runner/sandboxPool';
import { DEFAULT_MODEL_TIMEOUT_MS, DEFAULT_RETRIES, LiveGuard } from '../core/verify/liveGuard';
import { redactDeep } from '../core/verify/redact';
import type { CliIo } from './main';
import { argsOf, usageExit } from './args';

export const GRADE_USAGE = `Usage: ai-dojo grade <learner-folder> [--pack <pack-folder>] [options]

Grades a learner's lesson folders as the extension writes them (ai-dojo/<lesson-id>/, e.g.
ai-dojo/rag/chunker/) with the editor's runner, limits and checks. <learner-folder> is the
ai-dojo/ folder or the repository that holds it. Each lesson runs on a temporary copy, so the
checkout is left as it is.

Options:
  --pack <folder>    the lesson pack (the folder with pack.json); default: the built-in course
                     shipped with this CLI
  --lesson <id>      only this lesson (or track, e.g. rag/); repeatable. A lesson named here
                     whose folder is missing fails; otherwise it is "not attempted"
  --json <file>      write the report as JSON ("-": to stdout, the lines then go to stderr)
  --junit <file>     write JUnit XML: a testsuite per lesson, a testcase per check or case
  --jobs <n>         lessons graded at a time (default: half the CPU cores, at most the cores)
  --timeout <s>      time limit of one lesson run (default 10, as the editor's setting);
                     a lesson's own limits are minimums on top
  --memory <mb>      memory limit of the process that runs the code (default 256)
  --verbose, -v      list every failing check (default: the first five per lesson)

Prompt lessons run their cases on a live model (the same variables as ai-dojo verify):
  AI_DOJO_VERIFY_BASE_URL, AI_DOJO_VERIFY_MODEL, AI_DOJO_VERIFY_API_KEY (optional),
  AI_DOJO_VERIFY_EMBEDDING_MODEL (default: the offline model)
  --model-timeout <seconds> (default 30), --retries <n> (default 1)
Without them a prompt lesson's offline checks still run and its cases "need a model": not a
failure. The key is never printed.

Exits 0 when no lesson failed, 1 when one did, 2 on a usage error, 130 when stopped.`;

interface GradeArgs {
  learner: string;
  pack?: string;
  only: string[];
  json?: string;
  junit?: string;
  jobs?: number;
  timeoutMs: number;
  memoryMb: number;
  modelTimeoutMs: number;
  retries: number;
  verbose: boolean;
}

function parseNumber(a: string, raw: string, min: number, max: number, integer: boolean): number | string {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) return `${a} takes ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`;
  return n;
}

export function parseGradeArgs(argv: string[]): GradeArgs | string {
  const args: GradeArgs = { learner: '', only: [], timeoutMs: 10_000, memoryMb: 256, modelTimeoutMs: DEFAULT_MODEL_TIMEOUT_MS, retries: DEFAULT_RETRIES, verbose: false };
  for (const { arg: a, value } of argsOf(argv)) {
    try {
      if (a === '--help' || a === '-h') return '';
      else if (a === '--pack') args.pack = value();
      else if (a === '--lesson') args.only.push(value());
      else if (a === '--json') args.json = value();
      else if (a === '--junit') args.junit = value();
      else if (a === '--verbose' || a === '-v') args.verbose = true;
      else if (a === '--jobs' || a === '--timeout' || a === '--memory' || a === '--model-timeout' || a === '--retries') {
        const [min, max, integer] = { '--jobs': [1, 64, true], '--timeout': [1, 3600, false], '--memory': [32, 16384, true], '--model-timeout': [1, 3600, false], '--retries': [0, 10, true] }[a] as [number, number, boolean];
        const n = parseNumber(a, value(), min, max, integer);
        if (typeof n === 'string') return n;
        if (a === '--jobs') args.jobs = n;
        else if (a === '--timeout') args.timeoutMs = Math.round(n * 1000);
        else if (a === '--memory') args.memoryMb = n;
        else if (a === '--model-timeout') args.modelTimeoutMs = Math.round(n * 1000);
        else args.retries = n;
      } else if (a.startsWith('-') && a !== '-') return `Unknown option ${a}.`;
      else if (!args.learner) args.learner = a;
      else return `One learner folder at a time (got "${args.learner}" and "${a}").`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  return args.learner ? args : 'Name the learner folder: ai-dojo grade <learner-folder> --pack <pack-folder>.';
}

/** Half the cores (each lesson runs two processes: the learner's code and the grader), at least 1, at most the cores. */
export function jobsFor(asked: number | undefined, cores: number): { jobs: number; note?: string } {
  if (asked === undefined) return { jobs: Math.max(1, Math.floor(cores / 2)) };
  if (asked > cores) return { jobs: cores, note: `--jobs ${asked} is more than the ${cores} CPU core(s) here: grading ${cores} at a time.` };
  return { jobs: asked };
}

function liveModelOf(env: NodeJS.ProcessEnv, args: GradeArgs): GradeOptions['model'] | string | undefined {
  const baseUrl = env.AI_DOJO_VERIFY_BASE_URL?.trim();
  const model = env.AI_DOJO_VERIFY_MODEL?.trim();
  if (!baseUrl && !model) return undefined;
  if (!baseUrl || !model) return 'Set both AI_DOJO_VERIFY_BASE_URL and AI_DOJO_VERIFY_MODEL for a live model (or neither).';
  const apiKey = env.AI_DOJO_VERIFY_API_KEY?.trim() || undefined;
  const embeddingModel = env.AI_DOJO_VERIFY_EMBEDDING_MODEL?.trim() || undefined;
  const live = { baseUrl, model, apiKey, embeddingModel, timeoutMs: args.modelTimeoutMs, retries: args.retries };
  const client = new LiveGuard(live).wrap(new OpenAiCompatibleClient({ baseUrl, apiKey: async () => apiKey, timeoutMs: args.modelTimeoutMs, maxRetries: args.retries }));
  return {
    client,
    chatModel: model,
    baseUrl,
    ...(embeddingModel ? { embed: async (texts: string[], signal?: AbortSignal) => (await client.embed({ model: embeddingModel, input: texts, signal })).vectors } : {}),
  };
}

/** The built-in course next to the bundle: <dist>/../lessons in the VSIX, the npm package and a clone. */
function defaultPack(distDir: string): string | undefined {
  const dir = path.join(distDir, '..', 'lessons');
  return existsSync(path.join(dir, 'pack.json')) ? dir : undefined;
}

function write(file: string, text: string): string {
  const abs = path.resolve(file);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  return abs;
}

export async function gradeMain(argv: string[], rawIo: CliIo): Promise<number> {
  const secret = rawIo.env.AI_DOJO_VERIFY_API_KEY?.trim() || undefined;
  const io: CliIo = { ...rawIo, out: (l) => rawIo.out(redact(l, secret)), err: (l) => rawIo.err(redact(l, secret)) };
  const args = parseGradeArgs(argv);
  if (typeof args === 'string') return usageExit(args, GRADE_USAGE, io);
  // With the JSON on stdout, the lines for people go to stderr.
  const say = args.json === '-' ? io.err : io.out;
  const learnerDir = path.resolve(args.learner);
  if (!existsSync(learnerDir)) {
    io.err(`${learnerDir} does not exist: name the folder that holds the learner's ai-dojo/<lesson-id>/ folders.`);
    return 2;
  }
  const packDir = args.pack ? path.resolve(args.pack) : defaultPack(io.distDir);
  if (!packDir) {
    io.err('No --pack given and no built-in course next to this CLI: name the lesson pack folder (the one with pack.json).');
    return 2;
  }
  const model = liveModelOf(io.env, args);
  if (typeof model === 'string') {
    io.err(model);
    return 2;
  }
  const { jobs, note } = jobsFor(args.jobs, os.availableParallelism());
  if (note) io.err(note);
  const embedder = new OfflineEmbedder(path.join(io.distDir, 'embedder.js'), path.join(io.distDir, 'models', 'use-lite'));
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    say(`Grading ${learnerDir} against ${packDir} (${jobs} at a time${model ? `; live model ${model.chatModel} at ${model.baseUrl}` : '; no model: prompt lessons’ cases need one'})`);
    const report = await gradeFolder(learnerDir, packDir, {
      newPool: () => new SandboxPool(path.join(io.distDir, 'sandbox.js')),
      files: nodeFiles,
      embed: (texts, signal) => embedder.embed(texts, signal),
      timeoutMs: args.timeoutMs,
      memoryMb: args.memoryMb,
      depsCache: io.env.AI_DOJO_DEPS_CACHE || path.join(io.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'ai-dojo', 'deps'),
      signal: stop.signal,
    }, { only: args.only, jobs, ...(model ? { model } : {}), onLesson: (l) => {
      // Lessons not started are counted in the summary; listed with --verbose.
      if (l.status !== 'not-attempted' || args.verbose) say(gradeLine(l, args.verbose));
    } });
    for (const p of report.problems) say(`✘ ${p}`);
    const graded = report.lessons.filter((l) => l.status !== 'not-attempted').length;
    if (!graded && !args.only.length) {
      io.err(`No lesson folders found in ${report.learnerDir}: expected ai-dojo/<lesson-id>/ folders such as ${report.lessons[0]?.folder ?? 'rag/chunker'}/ with the lesson's files.`);
      return 2;
    }
    say(gradeSummary(report));
    const safe = redactDeep(report, secret);
    if (args.json === '-') io.out(JSON.stringify(safe, null, 2));
    else if (args.json) say(`JSON: ${write(args.json, JSON.stringify(safe, null, 2) + '\n')}`);
    if (args.junit) say(`JUnit: ${write(args.junit, toJUnit(safe))}`);
    return stop.signal.aborted ? 130 : report.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    embedder.dispose();
  }
}
