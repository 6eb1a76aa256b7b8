// Progress exports read as people: one per file (two files of one person are merged), named
// after the file, or its folder when the file has Export Progress's default name.
import * as path from 'node:path';
import { mergeProgress, parseProgressExport, type ExportSource } from '../progress/exportImport';
import type { LessonProgress } from '../progress/progress';

export interface Person {
  name: string;
  files: string[];
  /** The lowest export version among the person's files (1: no run history). */
  version: number;
  exportedAt: string;
  source: ExportSource;
  progress: Record<string, LessonProgress>;
  titles: Record<string, string>;
}

export interface ExportFile {
  file: string;
  text: string;
}

/** `alice.json` → alice; `alice/ai-dojo-progress.json` → alice. */
export function personName(file: string): string {
  const base = path.basename(file).replace(/\.json$/i, '');
  const parent = path.basename(path.dirname(file));
  return /^ai-dojo-progress(\b|$)/i.test(base) && parent && parent !== '.' ? parent : base;
}

export function readPeople(files: ExportFile[]): { people: Person[]; problems: string[]; notes: string[] } {
  const byName = new Map<string, Person>();
  const problems: string[] = [];
  const notes: string[] = [];
  for (const { file, text } of files) {
    const parsed = parseProgressExport(text);
    if (!parsed.ok) {
      problems.push(`${file}: skipped, ${parsed.error}`);
      continue;
    }
    const name = personName(file);
    const known = byName.get(name);
    if (!known) {
      byName.set(name, { name, files: [file], version: parsed.version, exportedAt: parsed.exportedAt, source: parsed.source, progress: parsed.progress, titles: parsed.titles });
      continue;
    }
    // One person, two machines (or two exports over time): whatever either has achieved is kept.
    known.files.push(file);
    known.progress = mergeProgress(known.progress, parsed.progress);
    known.titles = { ...parsed.titles, ...known.titles };
    known.version = Math.min(known.version, parsed.version);
    if (parsed.exportedAt > known.exportedAt) {
      known.exportedAt = parsed.exportedAt;
      known.source = parsed.source;
    }
  }
  for (const p of byName.values()) if (p.files.length > 1) notes.push(`${p.name}: ${p.files.length} files merged (${p.files.join(', ')}).`);
  return { people: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)), problems, notes };
}
