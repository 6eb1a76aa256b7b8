// Right variants: other correct answers under right/<name>/ (only the files that differ from
// solution/). Each must pass every check, as the reference does: checks that accept only the
// reference's way of writing it would fail learners who are right.
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { RunResult } from '../runner/result';
import type { RightReport } from './types';
import { failuresOf } from './variants';

/** Prompt lessons should show that their static checks accept more than one wording. */
export const MIN_PROMPT_RIGHT_VARIANTS = 3;

/** The sub-folders of `<lessonDir>/<kind>/`, sorted (wrong/ and right/ alike). */
export function variantNames(lessonDir: string, kind: 'wrong' | 'right'): string[] {
  const dir = path.join(lessonDir, kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/**
 * Runs every right variant (`run(name)` stages it over the solution) and reports which pass.
 * Problems for a variant that fails; a warning for a prompt lesson with fewer than three.
 */
export async function verifyRightVariants(
  names: string[],
  kind: 'code' | 'prompt',
  run: (name: string) => Promise<RunResult>,
): Promise<{ right: RightReport[]; problems: string[]; warnings: string[] }> {
  const right: RightReport[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const r = await run(name);
    const failures = r.outcome === 'passed' ? [] : failuresOf(r);
    right.push({ name, passed: r.outcome === 'passed', failures });
    if (r.outcome !== 'passed') problems.push(`The right variant "${name}" fails, so the checks reject a correct answer: ${failures.slice(0, 3).join(' | ') || r.outcome}`);
  }
  const warnings =
    kind === 'prompt' && names.length < MIN_PROMPT_RIGHT_VARIANTS
      ? [`${names.length ? `Only ${names.length} right variant${names.length === 1 ? '' : 's'}` : 'No right variants'} under right/<name>/: a prompt lesson should have at least ${MIN_PROMPT_RIGHT_VARIANTS} (the same instructions in other words), to show its checks accept more than one wording.`]
      : [];
  return { right, problems, warnings };
}
