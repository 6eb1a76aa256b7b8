import * as vscode from 'vscode';
import type { ItemOutcome, LessonOutcomes, OutcomeMessage } from '../../core/testing/checkOutcomes';
import { declarationLine } from '../../core/testing/declarationLine';
import type { RecordingRun } from './recordingRun';

/** The learner's entry file as the run graded it, for placing messages. */
export interface LessonSource {
  uri: vscode.Uri;
  text: string;
  /** The lesson folder, which CodeLocation paths are relative to. */
  dir: vscode.Uri;
}

/**
 * Reports a lesson's outcomes on its item and its check items. Messages that belong in the
 * editor go to the line they name (a syntax error), else the line declaring the called function
 * (else the file start) of `source`;
 * without a readable source they are shown in the Testing views only.
 */
export function reportOutcomes(run: RecordingRun, lessonItem: vscode.TestItem, outcomes: LessonOutcomes, source: LessonSource | undefined, include: (item: vscode.TestItem) => boolean = () => true): void {
  const message = (m: OutcomeMessage): vscode.TestMessage => {
    const t = m.expected !== undefined && m.actual !== undefined ? vscode.TestMessage.diff(m.text, m.expected, m.actual) : new vscode.TestMessage(m.text);
    if (m.at?.location && source) {
      const { file, line, column } = m.at.location;
      t.location = new vscode.Location(vscode.Uri.joinPath(source.dir, ...file.split('/')), new vscode.Position(line - 1, column - 1));
    } else if (m.at && source) {
      const line = (m.at.call ? declarationLine(source.text, m.at.call) : undefined) ?? 0;
      t.location = new vscode.Location(source.uri, new vscode.Position(line, 0));
    }
    return t;
  };
  const apply = (item: vscode.TestItem, o: ItemOutcome) => {
    if (o.output) run.appendOutput(o.output, item);
    switch (o.state) {
      case 'passed':
        return run.passed(item, o.durationMs);
      case 'failed':
        return run.failed(item, o.messages.map(message), o.durationMs);
      case 'errored':
        return run.errored(item, o.messages.map(message), o.durationMs);
      case 'skipped':
        return run.skipped(item);
    }
  };
  lessonItem.children.forEach((child) => {
    const o = outcomes.items.get(child.id);
    if (o && include(child)) apply(child, o);
  });
  apply(lessonItem, outcomes.lesson);
}
