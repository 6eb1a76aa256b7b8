import type { LessonManifest } from './schema';

/** A problem in a pack, pointing at the file and the field (and where it is in the file). */
export interface Problem {
  file: string;
  /** e.g. `checks[2].type`; empty for the whole file. */
  field: string;
  message: string;
  /** 0-based position of the field in the file, for diagnostics. */
  line: number;
  column: number;
}

export interface Lesson extends LessonManifest {
  /** Unique across packs: `<packId>:<lessonId>`. Progress is stored under it. */
  key: string;
  packId: string;
  trackId: string;
  /** Absolute folder of the lesson inside its pack. */
  dir: string;
  /** The pack's folder: every file the lesson names must stay inside it, symlinks included. */
  packDir: string;
  /** The learner file whose exports the checks call. */
  entryFile: string;
  /**
   * The learner's folder under the learner root when an earlier pack already has a lesson with
   * this id: `@<pack id>/<lesson id>` (no lesson id starts with "@"). Otherwise the id is the folder.
   */
  learnerFolder?: string;
}

/** A lesson listed by its pack that could not be loaded; shown with its problems. */
export interface BrokenLesson {
  key: string;
  id: string;
  packId: string;
  trackId: string;
  manifestFile: string;
  problems: Problem[];
}

export type LessonEntry = Lesson | BrokenLesson;

export function isBroken(entry: LessonEntry): entry is BrokenLesson {
  return 'problems' in entry;
}

export interface Track {
  id: string;
  title: string;
  description?: string;
  entries: LessonEntry[];
}

export interface Pack {
  id: string;
  name: string;
  version: string;
  description?: string;
  dir: string;
  manifestFile: string;
  tracks: Track[];
}
