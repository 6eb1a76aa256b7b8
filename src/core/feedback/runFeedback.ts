// What the panel says about a run beyond its checks: the known mistake it looks like, what changed
// since the run before, and the attempt history. Pure: the panel and tests call it alike.
import type { Lesson } from '../lessons/model';
import type { RunRecord } from '../progress/progress';
import type { RunResult } from '../runner/result';
import { matchLessonMistake, type MistakeMatch } from './mistakes';
import { failedCheckNames } from './outcomes';
import { diffRuns, previousRun, type RunDiff } from './runDiff';

export interface RunFeedback {
  mistake?: Omit<MistakeMatch, 'mistakes'> & { mistakes: { name: string; why: string }[] };
  changes?: RunDiff;
  history: { at: string; outcome: RunRecord['outcome']; passed: number; total: number }[];
}

export function runFeedback(lesson: Pick<Lesson, 'kind' | 'wrong'>, run: RunResult | undefined, runs: readonly RunRecord[] = []): RunFeedback {
  const history = runs.map(({ at, outcome, passed, total }) => ({ at, outcome, passed, total }));
  if (!run) return { history };
  // Only a run whose checks ran and failed can look like a mistake (not a load error or timeout).
  const match = run.outcome === 'failed' ? matchLessonMistake(lesson, failedCheckNames(run)) : undefined;
  const changes = diffRuns(previousRun(runs, run), run);
  return {
    history,
    ...(match ? { mistake: { ...match, mistakes: match.mistakes.map(({ name, why }) => ({ name, why })) } } : {}),
    ...(changes ? { changes } : {}),
  };
}
