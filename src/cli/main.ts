// `ai-dojo verify <pack>`: the lesson verifier outside VS Code, for this repository's tests and
// for teams' CI. Bundled to dist/cli.js next to the sandbox and the offline embedding model.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OfflineEmbedder } from '../core/embeddings/offlineEmbedder';
import { nodeFiles } from '../core/lessons/files';
import { SandboxPool } from '../core/runner/sandboxPool';
import { redact } from '../core/model/errors';
import { lessonLine, summaryLine } from '../core/verify/format';
import { DEFAULT_MODEL_TIMEOUT_MS, DEFAULT_RETRIES } from '../core/verify/liveGuard';
import { redactDeep } from '../core/verify/redact';
import type { LiveModel } from '../core/verify/variants';
import { verifyPack } from '../core/verify/verifyPack';
import { defaultMutantArgs, MUTANTS_USAGE, parseMutantOption, startMutants, type MutantArgs } from './mutantsCli';
import { gradeMain } from './gradeCli';
import { reportMain } from './reportCli';
import { argsOf, usageExit } from './args';

const USAGE = `Usage: ai-dojo verify <pack-folder> [options]
       ai-dojo grade <learner-folder> --pack <pack-folder> (ai-dojo grade --help)
       ai-dojo report <progress-exports…> -o report.html (ai-dojo report --help)

Checks every lesson of a pack: the manifest is valid, every file it names exists, it has hints,
the starter fails at least one check, the reference passes every check, and every wrong
solution under wrong/<name>/ fails at least one, every right variant under right/<name>/ passes,
and every rule lesson.json states has a check and a wrong solution. Prompt lessons run against a
scripted model that answers with verify/replies.json. "N checks" counts as the panel does: one
per check (prompt lessons: one per static check and one per case).

Options:
  --lesson <id>   only this lesson (or track, e.g. rag/); repeatable
  --runs <n>      run each reference n times and report each check's pass rate; a check that
                  neither always passes nor always fails is flaky, and fails the run
  --json <file>   also write the full report as JSON (rules, right variants, and the checks
                  each wrong solution fails)
  --verbose, -v   also print each rule with its checks and wrong solutions, the checks each
                  wrong solution fails, and each right variant
  --timeout <ms>  time limit for one lesson run (default 30000)
  --record-mistakes
                  write the checks each wrong solution fails (in each of four runs) into
                  its lesson.json (wrong.<name>.fails; those failed in some runs only go
                  to wrong.<name>.unsteady; nothing else in the file changes),
                  so the panel can tell a learner which known mistake a run looks like.
                  Without it, a list that disagrees with the wrong solution's runs (up to
                  five) is a problem, and so is a wrong solution with a "why" but no list

${MUTANTS_USAGE}

Lessons that declare npm dependencies get them installed once (npm install, no install scripts)
into AI_DOJO_DEPS_CACHE (default ~/.cache/ai-dojo/deps) and linked into every variant checked.

A live model (prompt lessons' references also run there, --runs times, default 3):
  AI_DOJO_VERIFY_BASE_URL   an OpenAI-compatible base URL, e.g. https://api.openai.com/v1
  AI_DOJO_VERIFY_MODEL      the chat model
  AI_DOJO_VERIFY_API_KEY    its key (optional for local servers)
  AI_DOJO_VERIFY_EMBEDDING_MODEL  for similar checks (default: the offline model)
  --model-timeout <seconds>  per attempt of a live call (default 30)
  --retries <n>              retries of a live call that failed in a way worth retrying
                             (429, 5xx, timeouts, resets; default 1)
A lesson whose live calls fail (after the retries) fails, with the cause and what to do; once the
endpoint has failed, later lessons fail at once rather than wait again. The key is never printed.

Exits 0 when every lesson verifies, 1 when one does not, 2 on a usage error, 130 when stopped
(Ctrl+C or SIGTERM: the runs stop and the report so far is printed).`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Where sandbox.js, embedder.js and models/ are (the folder of the bundle). */
  distDir: string;
  /** Progress on a terminal: rewrites one status line (unset: no live progress). */
  status?: (text: string) => void;
}

interface Args {
  pack: string;
  only: string[];
  runs?: number;
  json?: string;
  timeoutMs: number;
  mutants: MutantArgs;
  modelTimeoutMs: number;
  retries: number;
  verbose: boolean;
  recordMistakes: boolean;
}

function parseArgs(argv: string[]): Args | string {
  if (argv[0] !== 'verify') return argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' ? '' : `Unknown command "${argv[0]}".`;
  const args: Args = { pack: '', only: [], timeoutMs: 30_000, mutants: defaultMutantArgs(), modelTimeoutMs: DEFAULT_MODEL_TIMEOUT_MS, retries: DEFAULT_RETRIES, verbose: false, recordMistakes: false };
  let mutant: boolean | string;
  for (const { arg: a, value } of argsOf(argv, 1)) {
    try {
      if (a === '--lesson') args.only.push(value());
      else if (a === '--json') args.json = value();
      else if (a === '--verbose' || a === '-v') args.verbose = true;
      else if (a === '--record-mistakes') args.recordMistakes = true;
      else if (a === '--runs' || a === '--timeout') {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) return `${a} takes a positive whole number.`;
        if (a === '--runs') args.runs = n;
        else args.timeoutMs = n;
      } else if (a === '--model-timeout') {
        const s = Number(value());
        if (!Number.isFinite(s) || s <= 0 || s > 3600) return '--model-timeout takes seconds: a number above 0, at most 3600.';
        args.modelTimeoutMs = Math.round(s * 1000);
      } else if (a === '--retries') {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0 || n > 10) return '--retries takes a whole number from 0 to 10.';
        args.retries = n;
      } else if (a === '--help' || a === '-h') return '';
      else if ((mutant = parseMutantOption(a, value, args.mutants))) {
        if (typeof mutant === 'string') return mutant;
      } else if (a.startsWith('-')) return `Unknown option ${a}.`;
      else if (!args.pack) args.pack = a;
      else return `One pack folder at a time (got "${args.pack}" and "${a}").`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  return args.pack ? args : 'Name the pack folder: ai-dojo verify <pack-folder>.';
}

function liveModel(env: NodeJS.ProcessEnv, args: Args): LiveModel | string | undefined {
  const baseUrl = env.AI_DOJO_VERIFY_BASE_URL?.trim();
  const model = env.AI_DOJO_VERIFY_MODEL?.trim();
  if (!baseUrl && !model) return undefined;
  if (!baseUrl || !model) return 'Set both AI_DOJO_VERIFY_BASE_URL and AI_DOJO_VERIFY_MODEL for a live model (or neither).';
  return {
    baseUrl,
    model,
    apiKey: apiKeyOf(env),
    embeddingModel: env.AI_DOJO_VERIFY_EMBEDDING_MODEL || undefined,
    timeoutMs: args.modelTimeoutMs,
    retries: args.retries,
  };
}

function apiKeyOf(env: NodeJS.ProcessEnv): string | undefined {
  return env.AI_DOJO_VERIFY_API_KEY?.trim() || undefined;
}

/** Every line the CLI prints goes through here: the key's value never reaches the console. */
function redactedIo(io: CliIo): CliIo {
  const secret = apiKeyOf(io.env);
  return { ...io, out: (l) => io.out(redact(l, secret)), err: (l) => io.err(redact(l, secret)) };
}

/** Lesson dependencies are installed here once per set and reused: AI_DOJO_DEPS_CACHE, else ~/.cache/ai-dojo/deps. */
function depsCacheDir(env: NodeJS.ProcessEnv): string {
  return env.AI_DOJO_DEPS_CACHE || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'ai-dojo', 'deps');
}

export async function main(argv: string[], rawIo: CliIo): Promise<number> {
  // Team commands (grade learners' folders in CI, a report from progress exports): their own files.
  if (argv[0] === 'grade') return gradeMain(argv.slice(1), rawIo);
  if (argv[0] === 'report') return reportMain(argv.slice(1), rawIo);
  const io = redactedIo(rawIo);
  const args = parseArgs(argv);
  if (typeof args === 'string') return usageExit(args, USAGE, io);
  const live = liveModel(io.env, args);
  if (typeof live === 'string') {
    io.err(live);
    return 2;
  }
  const packDir = path.resolve(args.pack);
  const pool = new SandboxPool(path.join(io.distDir, 'sandbox.js'));
  const embedder = new OfflineEmbedder(path.join(io.distDir, 'embedder.js'), path.join(io.distDir, 'models', 'use-lite'));
  // Ctrl+C / SIGTERM: running checks stop (their sandboxes are killed) and the report so far is printed.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const env = { pool, files: nodeFiles, embed: (texts: string[], signal?: AbortSignal) => embedder.embed(texts, signal), timeoutMs: args.timeoutMs, memoryMb: 512, depsCache: depsCacheDir(io.env), signal: stop.signal };
  const mutants = args.mutants.mutants ? startMutants(args.mutants, env, path.join(io.distDir, 'sandbox.js'), io, stop.signal) : undefined;
  try {
    io.out(`Verifying ${packDir}${live ? ` (live model ${live.model} at ${live.baseUrl}; ${args.modelTimeoutMs / 1000} s per attempt, ${args.retries} ${args.retries === 1 ? 'retry' : 'retries'})` : ''}`);
    const report = await verifyPack(packDir, env, {
      runs: args.runs ?? (live ? 3 : 1),
      ...(live ? { live } : {}),
      only: args.only,
      ...(args.recordMistakes ? { recordMistakes: true } : {}),
      onLesson: (l) => io.out(lessonLine(l, args.verbose)),
      signal: stop.signal,
      ...(mutants ? { mutate: mutants.hook } : {}),
    });
    io.out(summaryLine(report));
    if (args.json) {
      mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
      writeFileSync(args.json, JSON.stringify(redactDeep(report, live?.apiKey), null, 2) + '\n');
      io.out(`Report: ${path.resolve(args.json)}`);
    }
    return stop.signal.aborted ? 130 : report.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    mutants?.dispose();
    pool.dispose();
    embedder.dispose();
  }
}

// Run as a program (dist/cli.js), not when a test imports main().
if (require.main === module) {
  // On a terminal, progress rewrites one stderr line, cleared before each line of the report.
  let status = false;
  const clear = () => status && process.stderr.write('\r\x1b[K') && (status = false);
  const io: CliIo = { out: (l) => (clear(), console.log(l)), err: (l) => (clear(), console.error(l)), env: process.env, distDir: __dirname };
  if (process.stderr.isTTY) io.status = (t) => (status = process.stderr.write(`\r\x1b[K${t.slice(0, (process.stderr.columns || 80) - 1)}`));
  main(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(redact(e instanceof Error ? e.stack ?? e.message : String(e), apiKeyOf(process.env)));
      process.exit(1);
    },
  );
}
