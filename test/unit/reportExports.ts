// Generated Export Progress files for report tests and the report screenshot: N people over the
// built-in course plus a few lessons of a team pack the report is not given (unknown lessons),
// mostly version 2 exports, every 10th version 1, every 25th from an older pack version.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportProgress } from '../../src/core/progress/exportImport';
import type { LessonProgress, RunRecord } from '../../src/core/progress/progress';
import { mulberry32 } from '../../src/core/util/seeded';

export const UNKNOWN_LESSONS = ['team:onboarding/repo-tour', 'team:onboarding/style', 'team:legacy/prompt-v0'];

const T0 = Date.UTC(2026, 9, 1);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function lessonProgress(r: () => number, depth: number, index: number): LessonProgress | undefined {
  // Later lessons: fewer people get there.
  const reach = r();
  if (reach > depth - index * 0.02) return undefined;
  const opened = at(index * 600 + Math.floor(r() * 500));
  if (r() < 0.15) return { status: 'in-progress', attempts: 0, bestScore: 0, hintsShown: Math.floor(r() * 2), lastOpened: opened };
  const attempts = 1 + Math.floor(r() * r() * 9);
  const passed = r() < 0.75 - (attempts > 5 ? 0.4 : 0);
  const total = 6;
  const runs: RunRecord[] = Array.from({ length: attempts }, (_, k): RunRecord => {
    const last = k === attempts - 1;
    const ok = last && passed;
    const failedChecks = ok ? [] : ['handles an empty input', 'keeps the order of ties', 'rejects k below 1'].filter(() => r() < 0.6);
    return { at: at(index * 600 + 10 + k * 7), outcome: ok ? 'passed' : 'failed', passed: ok ? total : total - Math.max(1, failedChecks.length), total, failed: failedChecks };
  }).slice(-20);
  return {
    status: passed ? 'passed' : 'in-progress',
    attempts,
    bestScore: passed ? 1 : Math.round(r() * 80) / 100,
    hintsShown: Math.floor(r() * r() * 4),
    firstRun: runs[0].at,
    lastRun: runs.at(-1)?.at,
    ...(passed ? { passedAt: runs.at(-1)?.at } : {}),
    lastOpened: opened,
    runs,
  };
}

export interface Generated {
  files: string[];
  /** What was generated, per file: for checks that do not trust the report's own arithmetic. */
  people: { name: string; progress: Record<string, LessonProgress>; version: number }[];
}

/** Writes `count` exports under `dir` (half as <name>.json, half as <name>/ai-dojo-progress.json). */
export function writeExports(dir: string, lessonKeys: string[], count: number): Generated {
  const out: Generated = { files: [], people: [] };
  const keys = [...lessonKeys, ...UNKNOWN_LESSONS];
  for (let i = 0; i < count; i++) {
    const r = mulberry32(1000 + i);
    const name = `person-${String(i + 1).padStart(3, '0')}`;
    const depth = 0.3 + r() * 1.1;
    const progress: Record<string, LessonProgress> = {};
    keys.forEach((key, j) => {
      const p = lessonProgress(r, depth, j);
      if (p) progress[key] = p;
    });
    const v1 = i % 10 === 9;
    const doc = exportProgress(progress, () => undefined, new Date(T0 + 90 * 86_400_000), { extensionVersion: v1 ? undefined : '0.1.0', packs: [{ id: 'ai-dojo', version: i % 25 === 24 ? '0.0.9' : '0.1.0' }] });
    const written = v1 ? toVersion1(doc) : doc;
    const file = i % 2 ? path.join(dir, `${name}.json`) : path.join(dir, name, 'ai-dojo-progress.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(written, null, 2));
    out.files.push(file);
    out.people.push({ name, progress, version: v1 ? 1 : 2 });
  }
  return out;
}

/** The same export as an older AI Dojo wrote it: version 1, none of the version 2 fields. */
function toVersion1(doc: ReturnType<typeof exportProgress>): object {
  return {
    format: doc.format,
    version: 1,
    exportedAt: doc.exportedAt,
    lessons: doc.lessons.map(({ runs: _runs, firstRun: _first, ...rest }) => rest),
  };
}
