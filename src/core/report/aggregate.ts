// The numbers of a team report: a people × lessons grid, each lesson's funnel, where people get
// stuck, each person's totals, and warnings about what did not fit (unknown lessons, versions).
import type { Pack } from '../lessons/model';
import { isBroken } from '../lessons/model';
import { hintsTaken, NOT_STARTED, type LessonProgress } from '../progress/progress';
import type { Person } from './people';

/** Not passed after this many counted runs: stuck. */
export const STUCK_ATTEMPTS = 3;

export interface ReportLesson {
  key: string;
  id: string;
  title: string;
  track: string;
  /** In none of the packs the report was made with (from an export of another pack or version). */
  unknown: boolean;
}

export interface ReportCell {
  status: LessonProgress['status'];
  attempts: number;
  hints: number;
  bestScore: number;
  firstRun?: string;
  lastRun?: string;
  passedAt?: string;
  /** The checks the last run failed (version 2 exports). */
  lastFailed?: string[];
}

export interface LessonStats {
  key: string;
  opened: number;
  inProgress: number;
  passed: number;
  stuck: number;
  /** Median attempts of the people who passed. */
  medianAttemptsToPass?: number;
  hints: number;
  /** Checks failed by people's last runs, most common first. */
  failingChecks: { check: string; people: number }[];
}

export interface PersonTotals {
  name: string;
  passed: number;
  inProgress: number;
  notStarted: number;
  attempts: number;
  hints: number;
  stuck: number;
  lastActivity?: string;
  version: number;
  extensionVersion?: string;
}

export interface TeamReport {
  generatedAt: string;
  packs: { id: string; name: string; version: string }[];
  lessons: ReportLesson[];
  people: string[];
  /** cells[person][lesson], in the order of `people` and `lessons`. */
  cells: ReportCell[][];
  lessonStats: LessonStats[];
  /** Lessons ordered by how many people are stuck (then by pass rate), only those with someone stuck. */
  stuck: string[];
  totals: PersonTotals[];
  warnings: string[];
  notes: string[];
}

function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function cellOf(p: LessonProgress | undefined): ReportCell {
  const q = p ?? NOT_STARTED;
  const last = q.runs?.at(-1);
  return {
    status: q.status,
    attempts: q.attempts,
    hints: hintsTaken(q),
    bestScore: q.bestScore,
    ...(q.firstRun ? { firstRun: q.firstRun } : {}),
    ...(q.lastRun ? { lastRun: q.lastRun } : {}),
    ...(q.passedAt ? { passedAt: q.passedAt } : {}),
    ...(last && last.outcome !== 'passed' ? { lastFailed: last.failed } : {}),
  };
}

export const isStuck = (c: ReportCell) => c.status !== 'passed' && c.attempts >= STUCK_ATTEMPTS;

/** The report's columns: the packs' lessons in course order, then lessons only exports know. */
function lessonsOf(packs: readonly Pack[], people: Person[]): { lessons: ReportLesson[]; warnings: string[] } {
  const lessons: ReportLesson[] = [];
  const known = new Set<string>();
  for (const pack of packs) {
    for (const t of pack.tracks) {
      for (const e of t.entries) {
        known.add(e.key);
        lessons.push({ key: e.key, id: e.id, title: isBroken(e) ? e.id : e.title, track: t.title, unknown: false });
      }
    }
  }
  const unknown = new Map<string, { title?: string; people: string[] }>();
  for (const person of people) {
    for (const key of Object.keys(person.progress)) {
      if (known.has(key)) continue;
      const u = unknown.get(key) ?? { people: [] };
      u.title ??= person.titles[key];
      u.people.push(person.name);
      unknown.set(key, u);
    }
  }
  const warnings: string[] = [];
  for (const [key, u] of [...unknown].sort(([a], [b]) => a.localeCompare(b))) {
    const id = key.slice(key.indexOf(':') + 1);
    lessons.push({ key, id, title: u.title ?? id, track: 'Not in the packs', unknown: true });
    const who = u.people.length > 3 ? `${u.people.slice(0, 3).join(', ')} and ${u.people.length - 3} more` : u.people.join(', ');
    warnings.push(`Unknown lesson ${key} (in the export of ${who}): it is in none of the packs this report was made with${packs.length ? ` (${packs.map((p) => `${p.id} ${p.version}`).join(', ')})` : ''}; it is shown at the end. Pass its pack with --pack, or it was renamed or removed in this version.`);
  }
  return { lessons, warnings };
}

function versionWarnings(packs: readonly Pack[], people: Person[]): string[] {
  const out: string[] = [];
  const v1 = people.filter((p) => p.version < 2).map((p) => p.name);
  if (v1.length) out.push(`${v1.length} export(s) are version 1 (${v1.slice(0, 5).join(', ')}${v1.length > 5 ? ', …' : ''}): no run history, so their first attempt and failing checks are unknown. Export again with a newer AI Dojo for them.`);
  const byPack = new Map(packs.map((p) => [p.id, p.version]));
  const mismatched = new Map<string, string[]>();
  for (const person of people) {
    for (const p of person.source.packs ?? []) {
      const ours = byPack.get(p.id);
      if (ours !== undefined && ours !== p.version) mismatched.set(`${p.id} ${p.version} (the report uses ${ours})`, [...(mismatched.get(`${p.id} ${p.version} (the report uses ${ours})`) ?? []), person.name]);
    }
  }
  for (const [what, who] of mismatched) out.push(`Exported with pack ${what}: ${who.slice(0, 5).join(', ')}${who.length > 5 ? ` and ${who.length - 5} more` : ''}. Lessons may differ between versions.`);
  return out;
}

export function buildReport(packs: readonly Pack[], people: Person[], now = new Date()): TeamReport {
  const { lessons, warnings } = lessonsOf(packs, people);
  warnings.push(...versionWarnings(packs, people));
  const cells = people.map((p) => lessons.map((l) => cellOf(p.progress[l.key])));
  const lessonStats = lessons.map((l, j): LessonStats => {
    const col = cells.map((row) => row[j]);
    const failing = new Map<string, number>();
    for (const c of col) for (const check of new Set(c.lastFailed ?? [])) failing.set(check, (failing.get(check) ?? 0) + 1);
    const med = median(col.filter((c) => c.status === 'passed' && c.attempts > 0).map((c) => c.attempts));
    return {
      key: l.key,
      opened: col.filter((c) => c.status !== 'not-started' || c.attempts > 0).length,
      inProgress: col.filter((c) => c.attempts > 0 || c.status === 'passed').length,
      passed: col.filter((c) => c.status === 'passed').length,
      stuck: col.filter(isStuck).length,
      ...(med !== undefined ? { medianAttemptsToPass: med } : {}),
      hints: col.reduce((s, c) => s + c.hints, 0),
      failingChecks: [...failing].map(([check, n]) => ({ check, people: n })).sort((a, b) => b.people - a.people || a.check.localeCompare(b.check)),
    };
  });
  const passRate = (s: LessonStats) => (s.inProgress ? s.passed / s.inProgress : 1);
  const stuck = lessonStats.filter((s) => s.stuck > 0).sort((a, b) => b.stuck - a.stuck || passRate(a) - passRate(b)).map((s) => s.key);
  const totals = people.map((p, i): PersonTotals => {
    const row = cells[i];
    const times = Object.values(p.progress).flatMap((q) => [q.lastRun, q.lastOpened]).filter((t): t is string => !!t);
    const lastActivity = times.sort().at(-1);
    return {
      name: p.name,
      passed: row.filter((c) => c.status === 'passed').length,
      inProgress: row.filter((c) => c.status === 'in-progress').length,
      notStarted: row.filter((c) => c.status === 'not-started').length,
      attempts: row.reduce((s, c) => s + c.attempts, 0),
      hints: row.reduce((s, c) => s + c.hints, 0),
      stuck: row.filter(isStuck).length,
      ...(lastActivity ? { lastActivity } : {}),
      version: p.version,
      ...(p.source.extensionVersion ? { extensionVersion: p.source.extensionVersion } : {}),
    };
  });
  return {
    generatedAt: now.toISOString(),
    packs: packs.map((p) => ({ id: p.id, name: p.name, version: p.version })),
    lessons,
    people: people.map((p) => p.name),
    cells,
    lessonStats,
    stuck,
    totals,
    warnings,
    notes: [],
  };
}
