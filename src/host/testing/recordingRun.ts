import * as vscode from 'vscode';

export type ReportedState = 'enqueued' | 'started' | 'passed' | 'failed' | 'errored' | 'skipped';

/** A TestMessage as plain data. */
export interface MessageSnapshot {
  text: string;
  expected?: string;
  actual?: string;
  file?: string;
  /** 0-based. */
  line?: number;
}

/** What was last reported for one item in this session. */
export interface Reported {
  state: ReportedState;
  messages: MessageSnapshot[];
}

/** The ids from the root to the item: items are unique only among their siblings. */
export function itemPath(item: vscode.TestItem): string {
  const ids: string[] = [];
  for (let i: vscode.TestItem | undefined = item; i; i = i.parent) ids.unshift(i.id);
  return ids.join('\n');
}

/**
 * A TestRun that also remembers what it reported, by item: VS Code does not let an extension read
 * test results back, and tests and tooling want to see what the Testing view was told.
 */
export class RecordingRun {
  constructor(
    private readonly run: vscode.TestRun,
    private readonly record: Map<string, Reported>,
  ) {}

  private set(item: vscode.TestItem, state: ReportedState, messages: readonly vscode.TestMessage[] = []): void {
    this.record.set(itemPath(item), {
      state,
      messages: messages.map((m) => ({
        text: typeof m.message === 'string' ? m.message : m.message.value,
        ...(m.expectedOutput !== undefined ? { expected: m.expectedOutput } : {}),
        ...(m.actualOutput !== undefined ? { actual: m.actualOutput } : {}),
        ...(m.location ? { file: m.location.uri.fsPath, line: m.location.range.start.line } : {}),
      })),
    });
  }

  enqueued(item: vscode.TestItem): void {
    this.run.enqueued(item);
    this.set(item, 'enqueued');
  }

  started(item: vscode.TestItem): void {
    this.run.started(item);
    this.set(item, 'started');
  }

  passed(item: vscode.TestItem, durationMs?: number): void {
    this.run.passed(item, durationMs);
    this.set(item, 'passed');
  }

  failed(item: vscode.TestItem, messages: vscode.TestMessage[], durationMs?: number): void {
    this.run.failed(item, messages, durationMs);
    this.set(item, 'failed', messages);
  }

  errored(item: vscode.TestItem, messages: vscode.TestMessage[], durationMs?: number): void {
    this.run.errored(item, messages, durationMs);
    this.set(item, 'errored', messages);
  }

  skipped(item: vscode.TestItem): void {
    this.run.skipped(item);
    this.set(item, 'skipped');
  }

  /** Output for the item, in the terminal-style text the Test Results view expects. */
  appendOutput(text: string, item?: vscode.TestItem): void {
    if (text) this.run.appendOutput(text.replace(/\r?\n/g, '\r\n') + (text.endsWith('\n') ? '' : '\r\n'), undefined, item);
  }

  end(): void {
    this.run.end();
  }
}
