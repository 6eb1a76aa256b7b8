// "Since your last run": which checks a run newly passes or newly fails, against the run before.
import type { RunRecord } from '../progress/progress';
import type { RunResult } from '../runner/result';
import { checkOutcomes, failedCheckNames } from './outcomes';

export interface RunDiff {
  /** When the run compared with finished. */
  since: string;
  /** Failed in the previous run, pass now. */
  newlyPassing: string[];
  /** Fail now, did not fail in the previous run (it passed them, or they are new checks). */
  newlyFailing: string[];
}

/** Runs whose checks ran: a load error, timeout or crash leaves every check "not run", which is no baseline. */
const compared = (outcome: RunResult['outcome']) => outcome === 'passed' || outcome === 'failed';

/**
 * The run before `run` in the history (`runs` oldest first, `run` normally the last of them), or
 * undefined when there is none or `run` is not in the history (a cancelled run is not kept).
 */
export function previousRun(runs: readonly RunRecord[], run: Pick<RunResult, 'finishedAt'>): RunRecord | undefined {
  for (let i = runs.length - 1; i > 0; i--) if (runs[i].at === run.finishedAt) return runs[i - 1];
  return undefined;
}

/**
 * The checks `run` newly passes and newly fails since `previous`; undefined when either run
 * did not get as far as running its checks (nothing to compare). Names as `failedCheckNames`.
 */
export function diffRuns(previous: RunRecord | undefined, run: RunResult): RunDiff | undefined {
  if (!previous || !compared(previous.outcome) || !compared(run.outcome)) return undefined;
  const before = new Set(previous.failed);
  const now = failedCheckNames(run);
  const passing = new Set(checkOutcomes(run).filter(([, pass]) => pass).map(([name]) => name));
  // A name that both passed and failed (a repeated case) is failing, not newly passing.
  for (const name of now) passing.delete(name);
  return {
    since: previous.at,
    newlyPassing: previous.failed.filter((name) => passing.has(name)),
    newlyFailing: now.filter((name) => !before.has(name)),
  };
}
