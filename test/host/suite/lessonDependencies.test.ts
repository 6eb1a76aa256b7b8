// A lesson that imports npm packages: Run Checks before installing says what is missing and
// offers the install (nothing counts as an attempt); Install Lesson Dependencies writes
// package.json and runs npm as a VS Code task in the lesson folder; then the checks pass. npm is
// a stand-in here (setting aiDojo.npmPath -> test/host/fixtures/fake-npm); the E2E test installs from the registry.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../src/core/runner/result';
import type { InstallOutcome } from '../../../src/host/commands/installDependencies';
import type { AiDojoApi } from '../../../src/host/extension';
import { write } from './writeFile';

const LESSON = 'deps:t/uses-package';

describe('lesson dependencies (npm packages)', function () {
  this.timeout(90_000);
  let api: AiDojoApi;
  let pack: string;
  const config = () => vscode.workspace.getConfiguration('aiDojo');

  before(async function () {
    api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
    pack = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-deps-pack-'));
    write(pack, 'pack.json', { id: 'deps', name: 'Deps pack', version: '1.0.0', tracks: [{ id: 't', title: 'T', lessons: ['t/uses-package', 't/broken-package'] }] });
    for (const [id, dep] of [['t/uses-package', 'dojo-helper'], ['t/broken-package', 'fail-missing']]) {
      write(pack, `${id}/lesson.json`, {
        id, title: id, kind: 'code', summary: 'Uses a package.', minutes: 5, files: ['use.ts'], call: 'which', hints: ['a', 'b'],
        dependencies: { [dep]: '1.2.3' },
        checks: [{ name: 'reports the package it imports', type: 'equals', value: `${dep}@1.2.3` }],
      });
      write(pack, `${id}/README.md`, '# Uses a package');
      write(pack, `${id}/starter/use.ts`, `import { describe } from '${dep}';\nexport function which(): string {\n  return describe();\n}\n`);
      write(pack, `${id}/solution/use.ts`, `import { describe } from '${dep}';\nexport function which(): string {\n  return describe();\n}\n`);
    }
    await config().update('lessonPacks', [pack], vscode.ConfigurationTarget.Global);
    // npm is a stand-in that needs no registry.
    await config().update('npmPath', path.resolve(__dirname, '../../test/host/fixtures/fake-npm/npm'), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
  });

  after(async function () {
    await config().update('lessonPacks', undefined, vscode.ConfigurationTarget.Global);
    await config().update('npmPath', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
    rmSync(pack, { recursive: true, force: true });
  });

  it('says which packages are missing before they are installed, without counting an attempt', async function () {
    await vscode.commands.executeCommand('aiDojo.openLesson', LESSON);
    const r = await vscode.commands.executeCommand<RunResult>('aiDojo.runChecks', LESSON);
    assert.equal(r.outcome, 'error');
    assert.deepEqual(r.missingDependencies, ['dojo-helper@1.2.3']);
    assert.match(r.message ?? '', /not installed in its folder yet: dojo-helper@1\.2\.3/);
    assert.equal(api.progress(LESSON).attempts, 0);
  });

  it('installs them with npm in the lesson folder, as a task, and then the checks pass', async function () {
    const outcome = await vscode.commands.executeCommand<InstallOutcome>('aiDojo.installDependencies', LESSON);
    assert.deepEqual(outcome, { exitCode: 0, missing: [] });
    const dir = api.learnerDir(LESSON)!;
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies, { 'dojo-helper': '1.2.3' });
    assert.ok(existsSync(path.join(dir, 'node_modules', 'dojo-helper', 'index.js')));
    const r = await vscode.commands.executeCommand<RunResult>('aiDojo.runChecks', LESSON);
    assert.equal(r.outcome, 'passed', JSON.stringify(r));
  });

  it('reports a failed install with what is still missing, and nothing else changes', async function () {
    const key = 'deps:t/broken-package';
    await vscode.commands.executeCommand('aiDojo.openLesson', key);
    const outcome = await vscode.commands.executeCommand<InstallOutcome>('aiDojo.installDependencies', key);
    assert.equal(outcome?.exitCode, 1);
    assert.deepEqual(outcome?.missing, ['fail-missing@1.2.3']);
    assert.ok(existsSync(path.join(api.learnerDir(key)!, 'use.ts')), "the learner's file is still there");
  });
});
