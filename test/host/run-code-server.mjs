#!/usr/bin/env node
// Runs the host test suite (out/host/index.js, built by `npm run build`) inside a real VS Code
// extension host: code-server 4.139 (VS Code 1.139) + headless chromium, offline. The same suite
// runs under desktop VS Code with test/host/run-electron.mjs.
//
//   node test/host/run-code-server.mjs [--extension DIR] [--tests PATH] [--workspace-template DIR]
//                                      [--untrusted]
//
// --untrusted: Workspace Trust on and the folder not trusted (restricted mode); the suite then
// runs the *.untrusted.js files instead of the *.test.js ones.
//
// Defaults: --extension = repo root, --tests = out/host/index, --workspace-template =
// test/host/fixtures/workspace (copied into a fresh temp folder; an empty folder if it is missing).
// Environment: AI_DOJO_HOST_GREP (mocha grep, read by the suite), AI_DOJO_HOST_TIMEOUT_MS (default
// 300000), AI_DOJO_KEEP_TEMP=1 (keep temp user-data/workspace). Results in test-results/:
// host-report.txt (the suite's report), host-code-server.log, host-browser.log, and on failure
// host-failure.png and host-logs/.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, logTail, runExtensionTests, toolPaths } from '../support/codeServer.mjs';

const { values } = parseArgs({
  options: {
    extension: { type: 'string', default: REPO_ROOT },
    tests: { type: 'string', default: join(REPO_ROOT, 'out', 'host', 'index') },
    'workspace-template': { type: 'string', default: join(REPO_ROOT, 'test', 'host', 'fixtures', 'workspace') },
    untrusted: { type: 'boolean', default: false },
  },
});

const rel = (p) => relative(process.cwd(), p) || '.';

/** The last error entries of the browser console log (entries start with "  12.3s [kind]"). */
function browserErrors(file, count = 8) {
  let text = '';
  try { text = readFileSync(file, 'utf8'); } catch { return '(no browser log)'; }
  const entries = text.split(/\n(?=\s*\d+\.\ds \[)/);
  const errors = entries.filter((e) => /^\s*\d+\.\ds \[(console\.error|pageerror|launcher)\]/.test(e));
  return errors.slice(-count).map((e) => e.split('\n').slice(0, 12).join('\n')).join('\n') || '(none)';
}

function testExtensions() {
  const dir = mkdtempSync(join(tmpdir(), 'ai-dojo-host-extensions-'));
  cpSync(join(REPO_ROOT, 'test', 'host', 'fixtures', 'lm-provider'), join(dir, 'ai-dojo-tests.dojo-test-lm-0.0.1'), { recursive: true });
  cpSync(join(REPO_ROOT, 'test', 'host', 'fixtures', 'team-pack'), join(dir, 'ai-dojo-tests.dojo-team-pack-0.0.1'), { recursive: true });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function main() {
  try {
    toolPaths();
  } catch (e) {
    console.error(e.message);
    console.log('0 passed, 1 failed');
    return 1;
  }
  const tests = resolve(values.tests);
  if (!existsSync(tests) && !existsSync(tests + '.js')) {
    console.error(`Host suite not found: ${rel(tests)}.js — run \`npm run build\` first.`);
    console.log('0 passed, 1 failed');
    return 1;
  }
  const template = resolve(values['workspace-template']);
  const result = await runExtensionTests({
    extensionDevelopmentPath: resolve(values.extension),
    extensionTestsPath: tests,
    workspaceTemplate: existsSync(template) ? template : undefined,
    // Installed test extensions (code-server's test payload takes one development folder): a
    // language model provider for the vscode.lm adapter (code-server has none of its own), and a
    // team's lesson pack shipped as an extension that depends on AI Dojo.
    extensionsDir: testExtensions(),
    disableExtensions: false,
    name: values.untrusted ? 'host-untrusted' : 'host',
    ...(values.untrusted
      ? { disableWorkspaceTrust: false, settings: { 'security.workspace.trust.startupPrompt': 'never' }, env: { AI_DOJO_HOST_FILES: '.untrusted.js' } }
      : {}),
  });

  const secs = (result.durationMs / 1000).toFixed(1);
  if (result.report) {
    process.stdout.write(result.report.endsWith('\n') ? result.report : result.report + '\n');
  } else {
    console.error(`[host] the suite wrote no report to ${rel(result.reportFile)}`);
  }
  if (result.exitCode !== 0) {
    console.error(`\n[host] FAILED${result.error ? `: ${result.error}` : ` with exit code ${result.exitCode}`} (${secs}s)`);
    if (result.failed === null || result.timedOut) {
      // No complete report: the suite crashed, did not load, or hung. Show why.
      console.error(`--- errors in ${rel(result.browserLog)} (workbench + extension host console) ---\n${browserErrors(result.browserLog)}`);
      console.error(`--- ${rel(result.logFile)} (tail) ---\n${logTail(result.logFile, 25)}`);
    }
    console.error(`[host] logs: ${rel(result.logFile)}, ${rel(result.browserLog)}`);
    if (result.screenshot) console.error(`[host] screenshot: ${rel(result.screenshot)}`);
    if (existsSync(result.logsDir)) console.error(`[host] VS Code logs: ${rel(result.logsDir)}/`);
  } else {
    console.error(`[host] passed in ${secs}s`);
  }
  // A final summary line even when the suite crashed before reporting one.
  if (result.passed === null) console.log(`0 passed, 1 failed`);
  else if (!/\d+ passed, \d+ failed\s*$/.test(result.report)) console.log(`${result.passed} passed, ${result.failed} failed`);
  return result.exitCode === 0 ? 0 : (result.exitCode || 1);
}

process.exitCode = await main();
