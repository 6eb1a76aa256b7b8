import type * as vscode from 'vscode';
import { NOT_STARTED, normalize, type LessonProgress, type ProgressStore } from '../../core/progress/progress';

export const PROGRESS_KEY = 'aiDojo.progress';

/** Progress in globalState; the key is registered for Settings Sync so it follows the learner. */
export class MementoProgressStore implements ProgressStore {
  constructor(private readonly memento: vscode.Memento & { setKeysForSync(keys: readonly string[]): void }) {
    memento.setKeysForSync([PROGRESS_KEY]);
  }

  private read(): Record<string, unknown> {
    const raw = this.memento.get<unknown>(PROGRESS_KEY);
    return raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  }

  get(key: string): LessonProgress {
    const raw = this.read()[key];
    return raw === undefined ? NOT_STARTED : normalize(raw);
  }

  all(): Record<string, LessonProgress> {
    return Object.fromEntries(Object.entries(this.read()).map(([k, v]) => [k, normalize(v)]));
  }

  async set(key: string, progress: LessonProgress): Promise<void> {
    await this.memento.update(PROGRESS_KEY, { ...this.read(), [key]: progress });
  }

  async replaceAll(all: Record<string, LessonProgress>): Promise<void> {
    await this.memento.update(PROGRESS_KEY, { ...all });
  }
}
