import * as vscode from 'vscode';
import { askHint, type HintResult } from '../../core/hints/askHint';
import { loadHintContext } from '../../core/hints/hintContext';
import { hintMessages } from '../../core/hints/hintPrompt';
import { guardedLines } from '../../core/hints/leakGuard';
import { nodeFiles } from '../../core/lessons/files';
import type { Lesson } from '../../core/lessons/model';
import { renderMarkdown } from '../../core/markdown';
import { ModelError, toModelError } from '../../core/model/errors';
import type { ModelHintView } from '../../protocol/messages';
import type { LessonService } from '../lessonService';
import type { ModelService } from '../model/modelService';

/**
 * Ask for a Hint: one request at a time to the learner's model, streamed through the leak guard.
 * A lesson's last hint stays in the panel until its next run; one the learner saw counts in progress.
 */
export class ModelHints implements vscode.Disposable {
  private readonly views = new Map<string, ModelHintView>();
  private asking: { key: string; stop: AbortController; done: Promise<ModelHintView> } | undefined;
  private readonly changed = new vscode.EventEmitter<string>();
  /** A lesson's hint changed state (asking, done, failed…). */
  readonly onDidChange = this.changed.event;
  private readonly texts = new vscode.EventEmitter<{ key: string; text: string }>();
  /** The hint being asked grew. */
  readonly onText = this.texts.event;

  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly service: LessonService,
    private readonly models: ModelService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // A hint is about the files as they were: once the learner runs the checks again, it has done its job.
    this.subs = [
      service.onDidRun(({ lesson }) => {
        if (this.isAsking(lesson.key) || !this.views.delete(lesson.key)) return;
        this.changed.fire(lesson.key);
      }),
    ];
  }

  view(key: string): ModelHintView | undefined {
    return this.views.get(key);
  }

  isAsking(key?: string): boolean {
    return !!this.asking && (key === undefined || this.asking.key === key);
  }

  cancel(): void {
    this.asking?.stop.abort();
  }

  /** Asks for a hint on the lesson (or joins the request already asking for it). */
  ask(lesson: Lesson): Promise<ModelHintView> {
    if (this.asking?.key === lesson.key) return this.asking.done;
    this.cancel();
    const stop = new AbortController();
    const done = this.run(lesson, stop.signal).finally(() => {
      if (this.asking?.stop === stop) this.asking = undefined;
    });
    this.asking = { key: lesson.key, stop, done };
    return done;
  }

  private async run(lesson: Lesson, signal: AbortSignal): Promise<ModelHintView> {
    const s = this.models.settings();
    const model = this.models.label();
    const client = this.models.client();
    if (!vscode.workspace.isTrusted) return this.set(lesson.key, { status: 'error', text: '', attempts: 0, model, message: 'This workspace is not trusted: AI Dojo sends nothing to a model here.', action: 'Trust the workspace, then ask again.' });
    if (!client) return this.set(lesson.key, { status: 'needs-model', text: '', attempts: 0, model, message: 'Ask for a Hint uses your model, and none is configured.', action: 'Run AI Dojo: Configure Model… (a local model such as Ollama works).' });
    let view: ModelHintView = this.set(lesson.key, { status: 'asking', text: '', attempts: 1, model });
    try {
      const ctx = await loadHintContext(lesson, { files: nodeFiles, learnerDir: this.service.learnerDir(lesson), openText: openDocumentText, lastRun: this.service.lastRun(lesson.key) });
      const visible = [ctx.instructions, ...ctx.learnerFiles.map((f) => f.text), ...ctx.starter.map((f) => f.text), ...lesson.hints];
      const price = this.models.promptModel()?.priceUsd;
      const r = await askHint({
        client,
        model: s.chatModel,
        messages: hintMessages(ctx),
        guard: guardedLines(ctx.reference.map((f) => f.text), visible),
        temperature: s.temperature,
        signal,
        price: price && ((u) => price(s.chatModel, u)),
        onText: (text) => {
          view = { ...view, text };
          this.views.set(lesson.key, view);
          this.texts.fire({ key: lesson.key, text });
        },
        onRetry: (attempt) => {
          view = this.set(lesson.key, { ...view, text: '', attempts: attempt, message: 'The reply began to repeat the reference solution, so it was discarded: asking again.' });
        },
      });
      return await this.finish(lesson, view, r);
    } catch (e) {
      const err = e instanceof ModelError ? e : toModelError(e, { baseUrl: s.baseUrl, model: s.chatModel, timeoutMs: s.timeoutMs });
      if (err.kind === 'cancelled') return this.set(lesson.key, { ...view, status: 'cancelled', message: 'Cancelled: the hint so far is kept.' });
      this.log.warn(`Ask for a Hint on ${lesson.key} failed (${err.kind}): ${err.message}`);
      return this.set(lesson.key, { ...view, status: 'error', message: err.message, action: err.action, errorKind: err.kind });
    }
  }

  private async finish(lesson: Lesson, view: ModelHintView, r: HintResult): Promise<ModelHintView> {
    const cost = { usage: r.usage, estimated: r.estimated, ...(r.costUsd !== undefined ? { costUsd: r.costUsd } : {}), attempts: r.attempts };
    this.log.info(`Ask for a Hint on ${lesson.key}: ${r.status}, ${r.attempts} repl${r.attempts === 1 ? 'y' : 'ies'}, ${r.usage.totalTokens}${r.estimated ? ' (partly estimated)' : ''} tokens${r.costUsd !== undefined ? `, $${r.costUsd.toFixed(6)}` : ''}.`);
    if (r.status === 'withheld') {
      return this.set(lesson.key, { ...view, ...cost, status: 'withheld', text: '', message: 'The model’s replies repeated the reference solution, so no hint is shown.', action: 'Ask again, take the lesson’s next hint, or use Show Solution to compare.' });
    }
    const { message: _retried, ...rest } = view;
    const done = this.set(lesson.key, { ...rest, ...cost, status: 'done', text: r.text, html: renderMarkdown(r.text) });
    await this.service.recordModelHint(lesson);
    return done;
  }

  private set(key: string, view: ModelHintView): ModelHintView {
    this.views.set(key, view);
    this.changed.fire(key);
    return view;
  }

  dispose(): void {
    this.cancel();
    this.subs.forEach((d) => d.dispose());
    this.changed.dispose();
    this.texts.dispose();
  }
}

/** The text of a file open in the editor with unsaved changes: the hint is about what the learner sees. */
function openDocumentText(absPath: string): string | undefined {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absPath);
  return doc?.isDirty ? doc.getText() : undefined;
}
