import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FailedPack } from '../../core/lessons/catalog';
import { isBroken, type BrokenLesson, type Lesson, type Pack, type Track } from '../../core/lessons/model';
import type { LessonStatus } from '../../core/progress/progress';
import { lessonToContinue } from '../../core/progress/resume';
import { Commands } from '../commands/ids';
import type { LessonService } from '../lessonService';

type Node =
  | { kind: 'continue'; lesson: Lesson }
  | { kind: 'pack'; pack: Pack }
  | { kind: 'track'; pack: Pack; track: Track }
  | { kind: 'lesson'; lesson: Lesson }
  | { kind: 'broken'; broken: BrokenLesson }
  | { kind: 'failedPack'; failed: FailedPack };

export interface TreeSnapshot {
  id: string;
  label: string;
  description?: string;
  icon?: string;
  tooltip?: string;
  children: TreeSnapshot[];
}

const STATUS_ICON: Record<LessonStatus, vscode.ThemeIcon> = {
  'not-started': new vscode.ThemeIcon('circle-large-outline'),
  'in-progress': new vscode.ThemeIcon('circle-large-filled', new vscode.ThemeColor('charts.yellow')),
  passed: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
};

const STATUS_LABEL: Record<LessonStatus, string> = { 'not-started': 'Not started', 'in-progress': 'In progress', passed: 'Passed' };

/** Packs > tracks > lessons, each lesson with its status, minutes and summary. */
export class LessonTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly service: LessonService) {
    // Redraw the whole tree: counts on tracks change with any lesson, and the tree is small.
    this.sub = service.onDidChange(() => this.emitter.fire(undefined));
  }

  getChildren(node?: Node): Node[] {
    const packs = this.service.catalog.packs;
    if (!node) {
      const resume = lessonToContinue(this.service.catalog.lessons, (key) => this.service.progress(key));
      return [
        ...(resume ? [{ kind: 'continue', lesson: resume } as const] : []),
        ...packs.map((pack): Node => ({ kind: 'pack', pack })),
        ...this.service.catalog.failedPacks.map((failed): Node => ({ kind: 'failedPack', failed })),
      ];
    }
    if (node.kind === 'pack') return node.pack.tracks.map((track) => ({ kind: 'track', pack: node.pack, track }));
    if (node.kind === 'track') return node.track.entries.map((e) => (isBroken(e) ? { kind: 'broken', broken: e } : { kind: 'lesson', lesson: e }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'continue': {
        const l = node.lesson;
        const started = this.service.progress(l.key).status !== 'not-started';
        const verb = started ? 'Continue' : 'Start';
        const item = new vscode.TreeItem(`${verb}: ${l.title}`, vscode.TreeItemCollapsibleState.None);
        item.id = 'continue';
        item.description = `${l.minutes} min`;
        item.tooltip = `${verb} where you left off: ${l.title} (${l.id})`;
        item.iconPath = new vscode.ThemeIcon(started ? 'debug-continue' : 'play');
        item.contextValue = 'continue';
        item.accessibilityInformation = { label: `${verb} where you left off: ${l.title}` };
        item.command = { command: Commands.openLesson, title: verb, arguments: [l.key] };
        return item;
      }
      case 'pack': {
        const item = new vscode.TreeItem(node.pack.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `pack:${node.pack.id}`;
        item.description = `v${node.pack.version}`;
        item.tooltip = node.pack.description ? `${node.pack.name} v${node.pack.version}: ${node.pack.description}` : `${node.pack.name} v${node.pack.version}`;
        // Screen readers hear the pack's name and version, not its description.
        item.accessibilityInformation = { label: `${node.pack.name}, lesson pack, version ${node.pack.version}` };
        item.iconPath = new vscode.ThemeIcon('package');
        item.contextValue = 'pack';
        return item;
      }
      case 'track': {
        const lessons = node.track.entries.filter((e): e is Lesson => !isBroken(e));
        const passed = lessons.filter((l) => this.service.progress(l.key).status === 'passed').length;
        const item = new vscode.TreeItem(node.track.title, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `track:${node.pack.id}/${node.track.id}`;
        item.description = `${passed}/${lessons.length}`;
        item.tooltip = `${node.track.title}: ${passed} of ${lessons.length} passed${node.track.description ? `\n\n${node.track.description}` : ''}`;
        item.accessibilityInformation = { label: `${node.track.title}, track, ${passed} of ${lessons.length} lessons passed` };
        item.iconPath = new vscode.ThemeIcon('folder-library');
        item.contextValue = 'track';
        return item;
      }
      case 'lesson': {
        const l = node.lesson;
        const p = this.service.progress(l.key);
        const item = new vscode.TreeItem(l.title, vscode.TreeItemCollapsibleState.None);
        item.id = l.key;
        item.description = `${l.minutes} min`;
        const tip = new vscode.MarkdownString(undefined, true);
        tip.appendMarkdown(`**${escape(l.title)}** · ${l.minutes} min · ${l.difficulty}\n\n${escape(l.summary)}\n\n$(${STATUS_ICON[p.status].id}) ${STATUS_LABEL[p.status]}`);
        if (p.attempts) tip.appendMarkdown(` · ${p.attempts} run${p.attempts === 1 ? '' : 's'} · best ${Math.round(p.bestScore * 100)}%`);
        item.tooltip = tip;
        item.iconPath = STATUS_ICON[p.status];
        item.contextValue = `lesson.${p.status}`;
        item.accessibilityInformation = { label: `${l.title}, ${l.minutes} minutes, ${STATUS_LABEL[p.status]}` };
        item.command = { command: Commands.openLesson, title: 'Open Lesson', arguments: [l.key] };
        return item;
      }
      case 'failedPack': {
        const f = node.failed;
        const item = new vscode.TreeItem(path.basename(f.dir) || f.dir, vscode.TreeItemCollapsibleState.None);
        item.id = `failedPack:${f.dir}`;
        item.description = 'pack failed to load';
        item.tooltip = new vscode.MarkdownString(`${escape(f.manifestFile)}\n\n${f.problems.map((p) => `- ${escape(p.message)}`).join('\n')}`);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
        item.contextValue = 'failedPack';
        if (existsSync(f.manifestFile)) item.command = { command: 'vscode.open', title: 'Open Manifest', arguments: [vscode.Uri.file(f.manifestFile)] };
        return item;
      }
      case 'broken': {
        const b = node.broken;
        const item = new vscode.TreeItem(b.id, vscode.TreeItemCollapsibleState.None);
        item.id = b.key;
        item.description = 'failed to load';
        item.tooltip = new vscode.MarkdownString(b.problems.map((p) => `- ${escape(p.message)}`).join('\n'));
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
        item.contextValue = 'brokenLesson';
        item.command = { command: 'vscode.open', title: 'Open Manifest', arguments: [vscode.Uri.file(b.manifestFile)] };
        return item;
      }
    }
  }

  /** The rendered tree, walked through the same getChildren/getTreeItem VS Code calls. */
  async snapshot(node?: Node): Promise<TreeSnapshot[]> {
    return Promise.all(
      this.getChildren(node).map(async (child) => {
        const item = this.getTreeItem(child);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
        return {
          id: item.id ?? '',
          label,
          description: typeof item.description === 'string' ? item.description : undefined,
          icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
          tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value,
          children: await this.snapshot(child),
        };
      }),
    );
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}
