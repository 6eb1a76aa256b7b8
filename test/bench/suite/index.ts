// Runs inside a real VS Code extension host (launched by test/bench/run.mjs): reads the
// extension's own activation time, then times Run Checks (command to result) for a code lesson.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AiDojoApi } from '../../../src/host/extension';

const LESSON = 'ai-dojo:rag/cosine-topk';
const FILE = 'similarity.ts';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo');
  if (!ext) throw new Error('ai-dojo.ai-dojo is not installed');
  const activateStarted = performance.now();
  const api = await ext.activate();
  const activateWallMs = performance.now() - activateStarted;
  await api.ready;
  await vscode.commands.executeCommand('aiDojo.openLesson', LESSON);
  // The reference typed into the open editor and saved, as a learner would (a write behind the
  // editor's back races its file watcher on a busy machine).
  const doc = await vscode.workspace.openTextDocument(path.join(api.learnerDir(LESSON) ?? '', FILE));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), readFileSync(path.join(ext.extensionPath, 'lessons/rag/cosine-topk/solution', FILE), 'utf8'));
  await vscode.workspace.applyEdit(edit);
  await doc.save();
  const runs = Number(process.env.AI_DOJO_BENCH_RUNS ?? 20);
  const times: number[] = [];
  const phases: Record<string, number[]> = {};
  // One warm-up run, then the measured ones.
  for (let i = 0; i <= runs; i++) {
    // A learner's pause between runs, as in the core runner's warm figure (coreRunChecks.ts): the
    // sandbox started after a run is then ready, so both sides measure a warm run.
    await new Promise((r) => setTimeout(r, 150));
    const t0 = performance.now();
    const result = await vscode.commands.executeCommand<{ outcome: string; checks: { name: string; status: string; reason: string }[] }>('aiDojo.runChecks', LESSON);
    const ms = performance.now() - t0;
    if (result.outcome !== 'passed') {
      const failed = result.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.reason}`);
      throw new Error(`expected the reference to pass, got ${result.outcome}: ${failed.slice(0, 3).join('; ')}`);
    }
    if (i === 0) continue;
    times.push(ms);
    // Where the time went: the service's phases, and the command around them (panel, toasts).
    const service = api.lastRunPhases();
    for (const p of service) (phases[p.name] ??= []).push(p.ms);
    const inService = service.filter((p) => p.name !== 'runner').reduce((sum, p) => sum + p.ms, 0);
    (phases.command ??= []).push(ms - inService);
  }
  const out = process.env.AI_DOJO_BENCH_OUT;
  const figures = { activationMs: api.activationMs, activateWallMs, runChecksMs: times, phases };
  if (out) writeFileSync(out, JSON.stringify(figures));
  const report = process.env.AI_DOJO_TEST_REPORT;
  if (report) writeFileSync(report, `bench: ${times.length} runs measured\n1 passed, 0 failed\n`);
}
