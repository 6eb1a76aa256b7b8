/* global document, window, getComputedStyle -- the functions given to evaluate() run in the panel page */
// End to end, as a person: the packaged .vsix installed into a real VS Code (code-server),
// driven in a real browser (Debian chromium). Open the AI Dojo view, open a lesson, see the
// instructions and the starter, run the checks and see failures, put the reference solution
// in the file, run the checks from the command palette and see every check pass and the tree
// icon turn to passed. Screenshots go to test-results/. Prints `N passed, N failed`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, installVsix, launchBrowser, startCodeServer } from '../support/codeServer.mjs';

// The scripted OpenAI-compatible server (built by `npm run build` into out/).
const { startScriptedServer } = createRequire(import.meta.url)(join(REPO_ROOT, 'out', 'scriptedServer.js'));
const PROMPT_LESSON = { title: 'Fence untrusted input', dir: 'lessons/prompt/delimiters', file: 'summarise.prompty' };

/** Replies a good model gives to the reference prompt, found by the case whose variables are in the request. */
function referenceReplies(lessonDir) {
  const lesson = JSON.parse(readFileSync(join(REPO_ROOT, lessonDir, 'lesson.json'), 'utf8'));
  const replies = JSON.parse(readFileSync(join(REPO_ROOT, lessonDir, 'verify', 'replies.json'), 'utf8')).reference;
  const value = (v) => (v && typeof v === 'object' && v.$fixture ? readFileSync(join(REPO_ROOT, lessonDir, v.$fixture), 'utf8') : String(v));
  const cases = lesson.cases.map((c) => ({ name: c.name, values: Object.values(c.vars).map(value) }));
  return (req) => {
    const text = (req.body?.messages ?? []).map((m) => m.content).join('\n');
    const c = cases.find((k) => k.values.every((v) => text.includes(v.trim())));
    return { text: c ? replies[c.name] : 'Summary: (no case matched)' };
  };
}

const RESULTS = join(REPO_ROOT, 'test-results');
// A lesson that imports real npm packages (PGlite: one package, WebAssembly, no native build).
const DEPS_LESSON = { dir: 'lessons/tools/pgvector' };
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LESSON_TITLE = 'Cosine similarity and top-k';
const LESSON_DIR = 'lessons/rag/cosine-topk';
const FILE = 'similarity.ts';
const TIMEOUT = 30_000;

mkdirSync(RESULTS, { recursive: true });
const vsix = join(RESULTS, 'ai-dojo-e2e.vsix');
const started = Date.now();
console.log('[e2e] packaging the extension (vsce package)…');
execFileSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

const tmp = mkdtempSync(join(tmpdir(), 'ai-dojo-e2e-'));
const workspace = join(tmp, 'workspace');
cpSync(join(REPO_ROOT, 'test/host/fixtures/workspace'), workspace, { recursive: true });
const extensionsDir = join(tmp, 'extensions');
const userDataDir = join(tmp, 'user-data');
await installVsix({ vsix, extensionsDir, userDataDir });
console.log(`[e2e] installed ${vsix}`);

const model = await startScriptedServer({ reply: referenceReplies(PROMPT_LESSON.dir) });
const server = await startCodeServer({
  workspace,
  extensionsDir,
  userDataDir,
  logFile: join(RESULTS, 'e2e-code-server.log'),
  // The learner's model: an OpenAI-compatible endpoint (here the scripted one on 127.0.0.1).
  settings: {
    'aiDojo.model.provider': 'custom',
    'aiDojo.model.baseUrl': model.baseUrl,
    'aiDojo.model.chatModel': 'scripted-chat',
    // Priced as gpt-4o-mini, so the panel shows estimates and spend as on a paid endpoint.
    'aiDojo.model.prices': { 'scripted-chat': { input: 0.15, output: 0.6 } },
    // VS Code 1.9x opens an empty secondary side bar (chat) that takes a quarter of a 1280 px screen.
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    // Screenshots in Dark+ (a later step switches to Light+ and back).
    'workbench.colorTheme': 'Dark+',
    // The test types code as a person would; editor helpers would add brackets and indentation twice.
    'editor.autoClosingBrackets': 'never',
    'editor.autoClosingQuotes': 'never',
    'editor.autoClosingComments': 'never',
    'editor.autoSurround': 'never',
    'editor.autoIndent': 'none',
    'editor.formatOnType': false,
    'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
    'editor.suggestOnTriggerCharacters': false,
    'editor.acceptSuggestionOnEnter': 'off',
    'editor.parameterHints.enabled': false,
  },
});
const browser = await launchBrowser();
// The size of a common laptop screen: the panel and the editor share 1280 px.
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.setDefaultTimeout(TIMEOUT);
const panel = () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

let passed = 0;
let failed = 0;
const shot = (name) => page.screenshot({ path: join(RESULTS, `e2e-${name}.png`) });

async function step(name, fn) {
  if (failed) {
    console.log(`  - ${name} (not run: an earlier step failed)`);
    failed++;
    return;
  }
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`  ✗ ${name}\n      ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`);
    await shot('failure').catch(() => {});
  }
}

/** Replaces a file's text in its editor by typing, key by key. */
async function typeInEditor(file, text) {
  // Bring the file's editor forward and make sure it has the focus.
  await page.locator(`.tabs-container [role="tab"][aria-label*="${file}"]`).first().click();
  // Click into its text area (a fixed frame, unlike the lines, which move as the editor scrolls),
  // after moving the mouse away so that no hover (breadcrumbs, an inline failure) covers it.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.locator('.editor-group-container.active .monaco-editor .overflow-guard').first().click({ position: { x: 120, y: 12 } });
  await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** A tree item, scrolled into view first: the Lessons tree renders only the rows on screen. */
async function treeItem(name) {
  const item = page.getByRole('treeitem', { name }).first();
  if (await item.isVisible()) return item;
  const list = page.locator('.pane-body .monaco-list').first();
  await list.hover();
  await page.mouse.wheel(0, -20_000);
  for (let i = 0; i < 40 && !(await item.isVisible()); i++) {
    await list.hover();
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(100);
  }
  return item;
}

/** After a reload the extension host starts again: wait until the Lessons tree has rows. */
async function lessonsTreeAfterReload() {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const row = page.locator('[role="tree"][aria-label="Lessons"] [role="treeitem"]').first();
  await row.waitFor({ timeout: 30_000 }).catch(() => {});
  if (!(await row.isVisible())) await showAiDojoView();
  await row.waitFor({ timeout: 60_000 });
}

/** Opens the AI Dojo view container; a click on its icon when it is already open would close the side bar. */
async function showAiDojoView() {
  const icon = page.locator('.activitybar [aria-label^="AI Dojo"]').first();
  const open = await icon.evaluate((el) => el.getAttribute('aria-pressed') === 'true' || !!el.closest('.action-item.checked'));
  if (!open) await icon.click();
}

async function runCommand(title) {
  await page.locator('.monaco-workbench').click({ position: { x: 800, y: 5 } }).catch(() => {});
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill(`>${title}`);
  // Click the row with exactly this title: the palette matches words fuzzily and lists recently used
  // commands first, so Enter could run "Toggle Watch Mode (Run Checks on Save)" for "Run Checks".
  const label = page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) });
  await page.locator('.quick-input-widget .monaco-list-row').filter({ has: label }).first().click();
}

/** The panel's elements that reach past its right edge (to say what makes it scroll sideways). */
function widerThanPanel() {
  return panel().locator('body').evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (right ${Math.round(el.getBoundingClientRect().right)} > ${width})`)
      .join(', ');
  });
}

/**
 * Switches the colour theme as a person would by editing settings.json, then reloads the window.
 * Offline, this code-server's theme picker lists no themes and its settings watcher may miss a
 * write; a reload reads the settings fresh.
 */
async function setTheme(name, themeClass) {
  const file = join(userDataDir, 'User', 'settings.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), 'workbench.colorTheme': name }, null, 2) + '\n');
  await page.reload();
  await page.locator(`.monaco-workbench.${themeClass}`).waitFor({ timeout: 60_000 });
}

try {
  await step('the package holds what runs (bundles, model, lessons, icon, license) and no authoring or test material', async () => {
    const files = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const f of ['dist/extension.js', 'dist/sandbox.js', 'dist/webview.js', 'dist/models/use-lite/model.json', 'dist/vendor/zod.js', 'media/icon.png', 'LICENSE', 'lessons/pack.json', 'lessons/rag/chunker/starter/chunker.ts']) {
      if (!files.includes(f)) throw new Error(`${f} is not in the package`);
    }
    const extra = files.filter((f) => /\/wrong\/|\/verify\/|\.map$|^src\/|^test\/|^out\/|screenshot/.test(f));
    if (extra.length) throw new Error(`the package holds what it should not: ${extra.slice(0, 5).join(', ')}`);
  });

  await step('VS Code loads with AI Dojo in the activity bar', async () => {
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.monaco-workbench.vscode-theme-defaults-themes-dark_plus-json').waitFor();
    await page.locator('.activitybar [aria-label^="AI Dojo"]').first().click();
  });

  await step('Get Started with AI Dojo opens on the first start, beginning with a code lesson', async () => {
    const walkthrough = page.locator('.gettingStartedContainer', { hasText: 'Get Started with AI Dojo' });
    await walkthrough.waitFor({ timeout: 30_000 });
    await walkthrough.getByText('Open your first lesson').first().waitFor();
    await shot('get-started');
    // Out of the way for the rest of the run (the editor area is small at 1280 px).
    await runCommand('View: Close All Editors');
    await walkthrough.waitFor({ state: 'hidden' });
  });

  await step('the Lessons tree lists packs, tracks and lessons', async () => {
    await page.getByRole('treeitem', { name: /^Retrieval/ }).waitFor();
    await page.getByRole('treeitem', { name: new RegExp(`^${LESSON_TITLE}, \\d+ minutes, Not started`) }).waitFor();
    await page.getByRole('treeitem', { name: /^Chunking with overlap/ }).waitFor();
    await (await treeItem(/^Measure retrieval/)).waitFor();
    await shot('tree');
  });

  await step('clicking a lesson opens its instructions in the panel and the starter in the editor', async () => {
    await (await treeItem(new RegExp(`^${LESSON_TITLE}`))).click();
    await panel().locator('header h1', { hasText: LESSON_TITLE }).waitFor();
    await panel().locator('.instructions h2').first().waitFor();
    await page.locator(`.tabs-container [role="tab"][aria-label*="${FILE}"]`).first().waitFor();
    await page.locator('.monaco-editor .view-lines', { hasText: 'export function cosine' }).first().waitFor();
    // The screenshots are Dark+: the editor and the panel too, not only the workbench's frame.
    const backgrounds = { editor: await page.locator('.monaco-editor-background').first().evaluate((e) => getComputedStyle(e).backgroundColor), panel: await panel().locator('body').evaluate((b) => getComputedStyle(b).backgroundColor) };
    if (Object.values(backgrounds).some((c) => c !== 'rgb(30, 30, 30)')) throw new Error(`not Dark+ throughout: ${JSON.stringify(backgrounds)}, workbench ${await page.locator('.monaco-workbench').getAttribute('class')}`);
    await shot('opened');
  });

  await step('Run Checks on the starter shows failing checks with reasons', async () => {
    await panel().getByRole('button', { name: 'Run Checks' }).click();
    const results = panel().locator('.results');
    await results.waitFor();
    await panel().locator('.results h2', { hasText: /\d+ of \d+ checks passed/ }).waitFor();
    const failedChecks = await panel().locator('.check.failed').count();
    if (failedChecks < 1) throw new Error('expected failing checks on the starter');
    const reason = await panel().locator('.check.failed .check-reason').first().innerText();
    if (!reason.trim()) throw new Error('a failing check shows no reason');
    await panel().locator('.results .summary', { hasText: /\d+ failed/ }).waitFor();
    const layout = await panel().locator('body').evaluate(() => ({
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      first: document.querySelector('.results .check')?.getAttribute('data-status'),
    }));
    if (layout.overflow > 1) throw new Error(`the panel scrolls sideways by ${layout.overflow} px: ${await widerThanPanel()}`);
    if (layout.first !== 'failed') throw new Error(`the first check shown is ${layout.first}, not a failure`);
    await shot('failing');
  });

  await step('Hint unlocks the first hint in the panel', async () => {
    await panel().getByRole('button', { name: /^Hint \(\d+\)$/ }).click();
    const hint = panel().locator('.hints .hint.new', { hasText: 'Hint 1' });
    await hint.waitFor();
    await page.waitForTimeout(800); // the smooth scroll
    const box = await hint.evaluate((el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, height: window.innerHeight }; });
    if (box.top < 0 || box.top >= box.height) throw new Error(`the new hint is out of view (top ${box.top}, panel height ${box.height})`);
    await shot('hint');
  });

  await step('the first row of the tree continues the lesson in progress, and opens it when the panel was closed', async () => {
    const row = await treeItem(`Continue where you left off: ${LESSON_TITLE}`);
    await runCommand('View: Close All Editor Groups');
    await page.locator('iframe.webview.ready').waitFor({ state: 'detached' });
    await row.click();
    await panel().locator('header h1', { hasText: LESSON_TITLE }).waitFor();
    await page.locator('.tabs-container [role="tab"]', { hasText: FILE }).first().waitFor();
  });

  await step('watch mode re-runs the checks on save: a syntax error is named at its file and line in plain words, the other checks are one "not run" line, and Go to opens that line', async () => {
    await runCommand('AI Dojo: Toggle Watch Mode (Run Checks on Save)');
    await page.locator('.statusbar-item', { hasText: 'AI Dojo: watching' }).first().waitFor();
    const broken = '// A typo on line 3.\nexport function cosine(a: number[], b: number[]): number {\n  const dot = ;\n  return dot;\n}\n';
    await typeInEditor(FILE, broken);
    // Saved, not run: watch mode runs the checks.
    await page.keyboard.press('Control+s');
    const banner = panel().locator('.banner.error', { hasText: `${FILE}, line 3: syntax error` });
    await banner.waitFor();
    const text = await banner.innerText();
    if (/\/tmp|Error transforming|ai-dojo-/.test(text)) throw new Error(`the error shows a temp path or the transpiler's words: ${text}`);
    if ((await panel().locator('.not-run-group').count()) !== 1 || (await panel().locator('.check.failed').count()) !== 0) throw new Error('the checks not run are not one collapsed line');
    await shot('syntax-error');
    await banner.getByRole('button', { name: `Go to ${FILE}:3` }).click();
    await page.locator('.statusbar-item', { hasText: /Ln 3, Col \d+/ }).first().waitFor();
    await runCommand('AI Dojo: Toggle Watch Mode (Run Checks on Save)');
    await page.locator('.statusbar-item', { hasText: 'AI Dojo: watching' }).first().waitFor({ state: 'hidden' });
  });

  await step('a wrong solution that is a known mistake is named with its why, and the runs so far are charted', async () => {
    await typeInEditor(FILE, readFileSync(join(REPO_ROOT, LESSON_DIR, 'wrong', 'sort-ascending', FILE), 'utf8'));
    await panel().getByRole('button', { name: 'Run Checks' }).click();
    const mistake = panel().locator('.mistake', { hasText: /This looks like (a|one of \w+) known mistake/ });
    await mistake.waitFor();
    if (!(await mistake.locator('.mistake-why').first().innerText()).trim()) throw new Error('the known mistake has no explanation');
    // (No "since your last run" here: the run before was a syntax error, whose checks never ran.)
    const label = await panel().locator('.history-chart').getAttribute('aria-label');
    if (!label || !/run/i.test(label)) throw new Error(`the history chart has no text alternative: ${label}`);
    await shot('known-mistake');
  });

  await step('typing the reference solution into the editor and running Run Checks from the command palette passes every check', async () => {
    // As a person would: select all in the editor and type the reference.
    await typeInEditor(FILE, readFileSync(join(REPO_ROOT, LESSON_DIR, 'solution', FILE), 'utf8'));
    await page.locator('.monaco-editor .view-lines', { hasText: 'Math.sqrt' }).first().waitFor();
    await runCommand('AI Dojo: Run Checks');
    await panel().locator('.results h2', { hasText: 'All checks passed' }).waitFor();
    const total = await panel().locator('.check').count();
    const ok = await panel().locator('.check.passed').count();
    if (total === 0 || ok !== total) throw new Error(`${ok} of ${total} checks show as passed`);
    // Compared with the known-mistake run before it: the checks it failed are marked fixed.
    await panel().locator('.since .now-passing').waitFor();
    await panel().locator('.badge.status-passed').waitFor();
  });

  await step('the lesson turns to passed in the tree', async () => {
    await (await treeItem(new RegExp(`^${LESSON_TITLE}, \\d+ minutes, Passed`))).waitFor();
    await shot('passed');
  });

  await step('after a window reload the panel comes back and the progress is kept', async () => {
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // A reload restarts the extension host: give the panel as long as a first start.
    await panel().locator('header h1', { hasText: LESSON_TITLE }).waitFor({ timeout: 60_000 });
    await panel().locator('.badge.status-passed').waitFor();
    const lesson = page.getByRole('treeitem', { name: new RegExp(`^${LESSON_TITLE}, \\d+ minutes, Passed`) });
    if (!(await lesson.isVisible())) await showAiDojoView();
    await lesson.waitFor();
  });

  await step('a retrieval lesson embeds its corpus with the offline model shipped in the package', async () => {
    await (await treeItem(/^A real vector index/)).click();
    await panel().locator('header h1', { hasText: 'A real vector index' }).waitFor();
    // The learner's index, as the reference writes it (saved to disk: the editor reloads it).
    const dir = join(workspace, 'ai-dojo', 'rag', 'vector-index');
    cpSync(join(REPO_ROOT, 'lessons/rag/vector-index/solution/vectorIndex.ts'), join(dir, 'vectorIndex.ts'));
    await panel().getByRole('button', { name: 'Run Checks' }).click();
    await panel().locator('.results h2', { hasText: 'All checks passed' }).waitFor({ timeout: 60_000 });
    await panel().locator('.check.passed', { hasText: 'recall@3' }).first().waitFor();
    await shot('retrieval-passed');
  });

  await step('with no model configured, a prompt lesson runs its offline checks, lists every case as needing a model, counts no run, and offers one Configure Model', async () => {
    // As a learner who has not set a model up: the model settings removed, the window reloaded.
    const file = join(userDataDir, 'User', 'settings.json');
    const saved = readFileSync(file, 'utf8');
    const settings = JSON.parse(saved);
    for (const k of ['aiDojo.model.provider', 'aiDojo.model.baseUrl', 'aiDojo.model.chatModel']) delete settings[k];
    writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
    await page.reload();
    await lessonsTreeAfterReload();
    try {
      await (await treeItem(new RegExp(`^${PROMPT_LESSON.title}`))).click();
      await panel().locator('header h1', { hasText: PROMPT_LESSON.title }).waitFor({ timeout: 60_000 });
      await panel().locator('.banner.warning', { hasText: 'none is configured' }).waitFor();
      await panel().getByRole('button', { name: 'Run Checks' }).click();
      await panel().locator('.results h2', { hasText: /Offline checks: \d+ of \d+ passed · \d+ cases need a model/ }).waitFor({ timeout: 60_000 });
      const cases = JSON.parse(readFileSync(join(REPO_ROOT, PROMPT_LESSON.dir, 'lesson.json'), 'utf8')).cases.length;
      const waiting = await panel().locator('.case .run-error', { hasText: 'Needs a model' }).count();
      if (waiting !== cases) throw new Error(`${waiting} of ${cases} case cards say "Needs a model"`);
      const failedCases = await panel().locator('.case.failed').count();
      if (failedCases) throw new Error(`${failedCases} cases are shown as failed with no model to run them`);
      const actions = await panel().getByRole('button', { name: /Configure Model/ }).count();
      if (actions !== 1) throw new Error(`${actions} Configure Model buttons in the panel; expected one call to action`);
      const said = await panel().locator('.banner', { hasText: 'none is configured' }).count();
      if (said !== 1) throw new Error(`the panel says "none is configured" ${said} times; once is enough`);
      const counted = await panel().locator('header .meta', { hasText: /\d+ runs? · best/ }).count();
      if (counted) throw new Error(`the run was counted as an attempt: ${await panel().locator('header .meta').innerText()}`);
      await shot('prompt-no-model');
    } finally {
      writeFileSync(file, saved);
      await page.reload();
      await lessonsTreeAfterReload();
    }
  });

  await step('Ask the Model streams a hint from the configured model into the panel, with its tokens, and never the reference', async () => {
    const reference = readFileSync(join(REPO_ROOT, PROMPT_LESSON.dir, 'solution', PROMPT_LESSON.file), 'utf8');
    const starter = readFileSync(join(REPO_ROOT, PROMPT_LESSON.dir, 'starter', PROMPT_LESSON.file), 'utf8');
    // A line of the reference the learner cannot see (the starter is what their file holds now).
    const secret = reference.split('\n').map((l) => l.trim()).find((l) => l.length >= 30 && !starter.includes(l));
    const good = 'Read your prompt as the model does: **what** stops a ticket that says "ignore previous instructions" from changing its job?';
    let hintCalls = 0;
    model.setReply((req) => {
      if (!String(req.body?.messages?.[0]?.content ?? '').includes('tutor in AI Dojo')) return referenceReplies(PROMPT_LESSON.dir)(req);
      hintCalls++;
      // The first reply repeats a line of the reference: it must be discarded, never shown.
      return hintCalls === 1 ? { text: `Just add:\n${secret}`, chunkDelayMs: 5 } : { text: good, chunkDelayMs: 5 };
    });
    await (await treeItem(new RegExp(`^${PROMPT_LESSON.title}`))).click();
    await panel().locator('header h1', { hasText: PROMPT_LESSON.title }).waitFor({ timeout: 60_000 });
    await panel().locator('.model-line', { hasText: 'scripted-chat' }).waitFor();
    try {
      await panel().getByRole('button', { name: 'Ask the Model' }).click();
      await panel().locator('.model-hint.status-done').waitFor();
      const text = await panel().locator('.model-hint').innerText();
      if (text.includes(secret)) throw new Error(`the panel shows a line of the reference: ${secret}`);
      if (!text.includes('ignore previous instructions')) throw new Error(`the hint is not shown: ${text}`);
      await panel().locator('.model-hint-meta', { hasText: /scripted-chat.*tokens.*2 replies \(1 discarded\)/ }).waitFor();
      if (hintCalls !== 2) throw new Error(`${hintCalls} hint requests; expected 2 (the leaking reply asked again)`);
      const rows = await panel().locator('.toolbar').evaluate((bar) => new Set([...bar.querySelectorAll('button')].map((b) => b.getBoundingClientRect().top)).size);
      if (rows !== 1) throw new Error(`the toolbar wraps onto ${rows} rows`);
      await shot('model-hint');
    } finally {
      model.setReply(referenceReplies(PROMPT_LESSON.dir));
    }
  });

  await step('a prompt lesson runs against the configured model and shows each case with its output and checks', async () => {
    await (await treeItem(new RegExp(`^${PROMPT_LESSON.title}`))).click();
    await panel().locator('header h1', { hasText: PROMPT_LESSON.title }).waitFor();
    await panel().locator('.model-line', { hasText: 'scripted-chat' }).waitFor();
    await page.locator(`.tabs-container [role="tab"][aria-label*="${PROMPT_LESSON.file}"]`).first().waitFor();
    await typeInEditor(PROMPT_LESSON.file, readFileSync(join(REPO_ROOT, PROMPT_LESSON.dir, 'solution', PROMPT_LESSON.file), 'utf8'));
    await page.locator('.monaco-editor .view-lines', { hasText: '</ticket>' }).first().waitFor();
    await panel().getByRole('button', { name: 'Run Checks' }).click();
    await panel().locator('.results h2', { hasText: 'All checks passed' }).waitFor();
    const cards = await panel().locator('.cases .case').count();
    const cases = JSON.parse(readFileSync(join(REPO_ROOT, PROMPT_LESSON.dir, 'lesson.json'), 'utf8')).cases.length;
    if (cards !== cases) throw new Error(`${cards} case cards shown for ${cases} cases`);
    await panel().locator('.case .output-text', { hasText: 'Summary:' }).first().waitFor();
    await panel().locator('.case .meta', { hasText: /\d+ ms · \d+ tok/ }).first().waitFor();
    const overflow = await panel().locator('body').evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 1) throw new Error(`the panel scrolls sideways by ${overflow} px with the case cards: ${await widerThanPanel()}`);
    // At 1280 px the panel gets ~450 px: the toolbar stays one row (secondary buttons show icons only).
    const rows = await panel().locator('.toolbar').evaluate((bar) => new Set([...bar.querySelectorAll('button')].map((b) => b.getBoundingClientRect().top)).size);
    if (rows !== 1) throw new Error(`the toolbar wraps onto ${rows} rows in a ${await panel().locator('body').evaluate(() => document.documentElement.clientWidth)} px panel`);
    // A regex expectation reads as a regex (/…/), not as escaped JSON ("/\\s…/").
    if (!(await panel().locator('.check-reason', { hasText: /matches \/.+\// }).count())) throw new Error('no check reason shows a regex as /…/');
    const escaped = await panel().locator('.check-reason', { hasText: /"\/|\\\\/ }).count();
    if (escaped) throw new Error(`${escaped} check reasons show a regex as escaped JSON`);
    await shot('prompt-passed');
  });

  await step('in Light+ the panel keeps its colours (status badge, passed checks) and the same layout', async () => {
    await setTheme('Light+', 'vscode-theme-defaults-themes-light_plus-json');
    await panel().locator('header h1', { hasText: PROMPT_LESSON.title }).waitFor({ timeout: 60_000 });
    await panel().getByRole('button', { name: 'Run Checks' }).click();
    await panel().locator('.results h2', { hasText: 'All checks passed' }).waitFor({ timeout: 60_000 });
    const colour = await panel().locator('.badge.status-passed .codicon').evaluate((el) => getComputedStyle(el).color);
    if (/rgba?\(0, 0, 0|rgba?\(255, 255, 255/.test(colour)) throw new Error(`the passed badge lost its colour in Light+: ${colour}`);
    await shot('prompt-passed-light');
    await setTheme('Dark+', 'vscode-theme-defaults-themes-dark_plus-json');
    await panel().locator('header h1', { hasText: PROMPT_LESSON.title }).waitFor({ timeout: 60_000 });
  });

  await step('a rejected API key ends in a message in the panel with the way to fix it', async () => {
    model.setReply({ status: 401, error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    await panel().getByRole('button', { name: 'Run Fresh' }).click();
    await panel().locator('.model-error', { hasText: /API key/ }).waitFor();
    await panel().locator('.model-error').getByRole('button', { name: 'Set API Key…' }).waitFor();
    await shot('prompt-401');
  });
  /**
   * Configure Model looks for local servers while its list is open, and each answer redraws the
   * list (resetting the active row): wait until it says it is done before picking.
   */
  async function probesDone() {
    await page.locator('.quick-input-widget input[placeholder="Pick a provider"]').waitFor();
  }

  /** Picks in the open quick pick as a person would with the keyboard: type to filter, Enter. */
  async function quickPick(text, title) {
    const widget = page.locator('.quick-input-widget');
    if (title) await widget.locator('.quick-input-title', { hasText: title }).waitFor();
    await widget.locator('input').fill(text);
    await widget.locator('.monaco-list-row.focused', { hasText: text }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  await step('Configure Model finds a local server (an Ollama stand-in on 127.0.0.1:11434), lists its models and the status bar shows the choice', async () => {
    const ollama = await startScriptedServer({ port: 11434, models: ['llama3.2', 'qwen2.5', 'nomic-embed-text'] }).catch((e) => {
      throw new Error(`could not listen on 127.0.0.1:11434 for the Ollama stand-in (is something else using it?): ${e.message}`);
    });
    try {
      await runCommand('AI Dojo: Configure Model…');
      const widget = page.locator('.quick-input-widget');
      const row = (text) => widget.locator('.monaco-list-row', { hasText: text }).first();
      await row('Ollama').filter({ hasText: 'running, 3 model(s)' }).waitFor();
      await row('LM Studio').filter({ hasText: 'not running' }).waitFor();
      await probesDone();
      await shot('configure-model');
      await quickPick('Ollama');
      await widget.locator('.quick-input-title', { hasText: 'chat model' }).waitFor();
      await row('qwen2.5').waitFor();
      if (await row('nomic-embed-text').isVisible()) throw new Error('the embedding model is offered as a chat model');
      await quickPick('qwen2.5');
      await quickPick('nomic-embed-text', 'embedding model');
      await page.locator('.statusbar-item', { hasText: 'qwen2.5' }).first().waitFor();
    } finally {
      await ollama.close();
    }
  });

  await step('Configure Model with a typed base URL lists that endpoint\'s models; the panel shows the new model', async () => {
    await runCommand('AI Dojo: Configure Model…');
    const widget = page.locator('.quick-input-widget');
    await probesDone();
    await quickPick('Other OpenAI-compatible endpoint');
    await widget.locator('.quick-input-title', { hasText: 'base URL' }).waitFor();
    await widget.locator('input').fill(model.baseUrl);
    await page.keyboard.press('Enter');
    await quickPick('scripted-chat', 'chat model');
    await quickPick('None: use the offline embedding model', 'embedding model');
    await page.locator('.statusbar-item', { hasText: 'scripted-chat' }).first().waitFor();
    await panel().locator('.model-line', { hasText: 'scripted-chat' }).waitFor();
  });

  await step('a team pack\'s prompt lesson with repeats shows each case\'s pass rate with its 95 % interval, the calls adaptive repeats saved, and the spend', async () => {
    const dir = join(workspace, '.ai-dojo');
    const put = (rel, content) => {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    };
    const title = 'Pass rates under repeats';
    put('pack.json', { id: 'team', name: 'Team pack', version: '1.0.0', tracks: [{ id: 'stats', title: 'Statistics', lessons: ['stats/refund'] }] });
    put('stats/refund/lesson.json', {
      id: 'stats/refund', title, kind: 'prompt', summary: 'Summarise refund tickets, measured over repeats.', minutes: 5, files: ['refund.prompty'], hints: ['Start with Summary:.', 'Say so in the system message.'],
      cases: [
        { name: 'clear refund', vars: { ticket: 'Refund order 1234, I was charged twice.' }, repeat: 10, minPassRate: 0.5 },
        { name: 'angry customer', vars: { ticket: 'I AM FURIOUS. Refund me now.' }, repeat: 10, minPassRate: 0.8 },
      ],
      checks: [{ name: 'starts with Summary:', type: 'starts-with', value: 'Summary:' }],
    });
    put('stats/refund/README.md', `# ${title}\n\nOne line that starts with "Summary:", every time.`);
    const prompt = 'system:\nSummarise the ticket in one line that starts with "Summary:".\n\nuser:\n<ticket>\n{{ticket}}\n</ticket>\n';
    put('stats/refund/starter/refund.prompty', prompt);
    put('stats/refund/solution/refund.prompty', prompt);
    // The angry ticket's answers miss the format one time in four: a pass rate of 8 in 10.
    let angry = 0;
    model.setReply((req) => {
      const text = (req.body?.messages ?? []).map((m) => m.content).join('\n');
      if (text.includes('FURIOUS')) return { text: ++angry % 4 === 0 ? 'Refund issued to an angry customer.' : 'Summary: an angry customer wants a refund.' };
      if (text.includes('order 1234')) return { text: 'Summary: refund order 1234, charged twice.' };
      return referenceReplies(PROMPT_LESSON.dir)(req);
    });
    try {
      await (await treeItem(new RegExp(`^${title}`))).click();
      await panel().locator('header h1', { hasText: title }).waitFor({ timeout: 60_000 });
      await panel().getByRole('button', { name: 'Run Fresh' }).click();
      await panel().locator('.results h2').waitFor({ timeout: 60_000 });
      await panel().locator('.case .pass-rate', { hasText: /passed 8\/10 \(80 %, 95 % CI \d+–\d+ %\), pass\^10/ }).waitFor();
      await panel().locator('.case .stopped-early', { hasText: /stopped early: \d+ calls saved \(95 % CI wholly above 50 %\)/ }).waitFor();
      await panel().locator('.results .spend', { hasText: /Spent \$/ }).waitFor();
      if (angry !== 10) throw new Error(`${angry} calls for the angry case; expected all 10 (its interval never clears 80 %)`);
      await shot('prompt-stats');
    } finally {
      model.setReply(referenceReplies(PROMPT_LESSON.dir));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  await step('a lesson with npm dependencies offers the install when opened from the tree, installs from the registry, then passes', async () => {
    const lesson = JSON.parse(readFileSync(join(REPO_ROOT, DEPS_LESSON.dir, 'lesson.json'), 'utf8'));
    await (await treeItem(new RegExp(`^${escapeRegExp(lesson.title)}`))).click();
    await panel().locator('header h1', { hasText: lesson.title }).waitFor();
    const offer = page.locator('.notification-toast', { hasText: 'Install them into the lesson folder now' });
    await offer.waitFor();
    await shot('deps-offer');
    await offer.getByRole('button', { name: 'Install' }).click();
    // npm runs as a task in a terminal; the real registry, so allow it time.
    await page.locator('.notification-toast', { hasText: 'packages installed' }).waitFor({ timeout: 300_000 });
    const dir = join(workspace, 'ai-dojo', ...lesson.id.split('/'));
    for (const f of lesson.files) cpSync(join(REPO_ROOT, DEPS_LESSON.dir, 'solution', f), join(dir, f));
    await panel().getByRole('button', { name: 'Run Checks' }).click();
    await panel().locator('.results h2', { hasText: 'All checks passed' }).waitFor({ timeout: 120_000 });
    await shot('deps-passed');
  });
} finally {
  await browser.close().catch(() => {});
  await server.stop();
  await model.close();
  rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
}

console.log(`[e2e] ${((Date.now() - started) / 1000).toFixed(1)}s; screenshots in test-results/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
