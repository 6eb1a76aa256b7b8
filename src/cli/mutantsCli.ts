// `verify --mutants`: its options, its sandbox pools (one per mutant run at a time) and its
// progress line. Only the CLI loads this (the instrumenter behind it brings Babel).
import { mutationHook } from '../core/verify/mutants';
import type { VariantEnv } from '../core/verify/variants';
import { SandboxPool } from '../core/runner/sandboxPool';

export const MUTANTS_USAGE = `Mutation analysis:
  --mutants       also run every code lesson's checks on each mutant of its reference solution
                  (StrykerJS's mutators); report the mutation score and each surviving mutant
  --min-mutation-score <percent>  a lesson below it fails (default 90)
  --mutants-deps  include lessons with npm dependencies (skipped otherwise)
  --mutants-jobs <n>  mutant runs at a time (default 2)
  --progress      show progress on stderr even when it is not a terminal`;

export interface MutantArgs {
  mutants: boolean;
  deps: boolean;
  minScore: number;
  jobs: number;
  progress: boolean;
}

export const defaultMutantArgs = (): MutantArgs => ({ mutants: false, deps: false, minScore: 90, jobs: 2, progress: false });

/** Reads one mutation option: true when `a` was one, a message when its value is wrong, false otherwise. */
export function parseMutantOption(a: string, value: () => string, args: MutantArgs): boolean | string {
  if (a === '--mutants') args.mutants = true;
  else if (a === '--mutants-deps') args.deps = true;
  else if (a === '--progress') args.progress = true;
  else if (a === '--min-mutation-score') {
    const n = Number(value());
    if (!Number.isFinite(n) || n < 0 || n > 100) return `${a} takes a percentage from 0 to 100.`;
    args.minScore = n;
  } else if (a === '--mutants-jobs') {
    const n = Number(value());
    if (!Number.isInteger(n) || n < 1 || n > 16) return `${a} takes a whole number from 1 to 16.`;
    args.jobs = n;
  } else return false;
  return true;
}

export interface ProgressSink {
  /** A terminal: the line is rewritten in place. */
  status?: (text: string) => void;
  err: (line: string) => void;
}

/** The hook verifyPack calls after each code lesson, and what to dispose at the end. */
export function startMutants(args: MutantArgs, env: VariantEnv, sandboxScript: string, io: ProgressSink, signal: AbortSignal) {
  const pools = [env.pool, ...Array.from({ length: args.jobs - 1 }, () => new SandboxPool(sandboxScript))];
  // A terminal sees every mutant; a log (--progress) a line every 10.
  const show = io.status ?? (args.progress ? io.err : undefined);
  const onProgress = show ? (id: string, done: number, total: number) => (io.status || done % 10 === 0 || done === total ? show(`mutants ${id} ${done}/${total}`) : undefined) : undefined;
  const hook = mutationHook(env, { minScore: args.minScore, withDeps: args.deps, pools, signal, onProgress });
  return { hook, dispose: () => pools.slice(1).forEach((p) => p.dispose()) };
}
