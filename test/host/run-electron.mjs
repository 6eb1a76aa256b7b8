#!/usr/bin/env node
// Runs the host test suite (out/host/index.js) in desktop VS Code via @vscode/test-electron:
// the same suite that test/host/run-code-server.mjs runs in code-server. Needs a machine that can
// download VS Code (cached in .vscode-test/), or a local one in VSCODE_EXECUTABLE_PATH, and a
// display on Linux (e.g. `xvfb-run -a npm run test:electron`).
//
//   node test/host/run-electron.mjs [--extension DIR] [--tests PATH] [--workspace-template DIR]
//
// Environment: AI_DOJO_VSCODE_VERSION (default 'stable'; e.g. 1.90.0 = the minimum in engines),
// VSCODE_EXECUTABLE_PATH (skip the download), AI_DOJO_HOST_GREP, AI_DOJO_KEEP_TEMP=1.
// The suite writes its report to AI_DOJO_TEST_REPORT = test-results/electron-report.txt.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, parseSummary, writeUserSettings } from '../support/codeServer.mjs';

const { values } = parseArgs({
  options: {
    extension: { type: 'string', default: REPO_ROOT },
    tests: { type: 'string', default: join(REPO_ROOT, 'out', 'host', 'index') },
    'workspace-template': { type: 'string', default: join(REPO_ROOT, 'test', 'host', 'fixtures', 'workspace') },
  },
});
const rel = (p) => relative(process.cwd(), p) || '.';

async function main() {
  const t0 = Date.now();
  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  const extensionDevelopmentPath = resolve(values.extension);
  const extensionTestsPath = resolve(values.tests);
  if (!existsSync(extensionTestsPath) && !existsSync(extensionTestsPath + '.js')) {
    console.error(`Host suite not found: ${rel(extensionTestsPath)}.js — run \`npm run build\` first.`);
    return 1;
  }

  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (!vscodeExecutablePath) {
    const version = process.env.AI_DOJO_VSCODE_VERSION || 'stable';
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: join(REPO_ROOT, '.vscode-test') });
    } catch (e) {
      console.error(
        `[electron] Could not download VS Code ${version}: ${e?.message ?? e}\n` +
        '  This machine is probably offline. Run the same suite in code-server instead:\n' +
        '    bash .ci/install-tools.sh && npm run test:host\n' +
        '  or point VSCODE_EXECUTABLE_PATH at an installed VS Code.');
      return 1;
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.error('[electron] warning: no DISPLAY; VS Code needs one on Linux (try `xvfb-run -a npm run test:electron`).');
  }

  const resultsDir = join(REPO_ROOT, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const reportFile = join(resultsDir, 'electron-report.txt');
  rmSync(reportFile, { force: true });

  const tmp = mkdtempSync(join(tmpdir(), 'ai-dojo-electron-'));
  const workspace = join(tmp, 'workspace');
  const userDataDir = join(tmp, 'user-data');
  const extensionsDir = join(tmp, 'extensions');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const template = resolve(values['workspace-template']);
  if (existsSync(template)) cpSync(template, workspace, { recursive: true });
  writeUserSettings(userDataDir);

  let exitCode = 1;
  let error;
  try {
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath,
      extensionTestsPath,
      launchArgs: [
        workspace,
        '--disable-extensions',
        // Fresh profile per run (test-electron adds --no-sandbox, --disable-updates, --skip-welcome,
        // --skip-release-notes, --disable-workspace-trust itself).
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${extensionsDir}`,
      ],
      extensionTestsEnv: {
        AI_DOJO_TEST_REPORT: reportFile,
        AI_DOJO_TEST_RESULTS_DIR: resultsDir,
        ...(process.env.AI_DOJO_HOST_GREP ? { AI_DOJO_HOST_GREP: process.env.AI_DOJO_HOST_GREP } : {}),
      },
    });
  } catch (e) {
    // runTests rejects (TestRunFailedError) when VS Code exits non-zero or cannot start.
    exitCode = typeof e?.code === 'number' && e.code !== 0 ? e.code : 1;
    error = e?.message ?? String(e);
  } finally {
    if (process.env.AI_DOJO_KEEP_TEMP === '1') console.error(`[electron] kept temp folder ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }

  const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
  if (report) process.stdout.write(report.endsWith('\n') ? report : report + '\n');
  else console.error(`[electron] the suite wrote no report to ${rel(reportFile)}`);
  const summary = parseSummary(report);
  if (exitCode === 0 && (!summary || summary.failed > 0)) exitCode = 1;
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (exitCode !== 0) console.error(`[electron] FAILED${error ? `: ${error}` : ` with exit code ${exitCode}`} (${secs}s)`);
  else console.error(`[electron] passed in ${secs}s`);
  if (!summary) console.log('0 passed, 1 failed');
  else if (!/\d+ passed, \d+ failed\s*$/.test(report)) console.log(`${summary.passed} passed, ${summary.failed} failed`);
  return exitCode;
}

process.exitCode = await main();
