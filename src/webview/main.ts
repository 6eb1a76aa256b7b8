// The lesson panel's browser code. It renders the state the host sends and posts the
// learner's actions back; it imports only the protocol.
import type { CaseResultView, CheckResultView, HostToWebview, PanelState, PersistedPanelState, RunChangesView, RunResultView, WebviewToHost } from '../protocol/messages';
import { h, icon, type Child } from './dom';
import { changesLine, changeTag, historyChart, mistakeCallout } from './feedback';
import { estimateText, passRateText, spendText, stoppedEarlyText, usdText } from './statsText';
import { modelHintSection, updateModelHintText } from './modelHint';

interface VsCodeApi {
  postMessage(msg: WebviewToHost): void;
  setState(state: PersistedPanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let state: PanelState | undefined;
let progressText = '';
let streamText = '';
/** The running prompt run's estimated cost (empty when free or not a prompt run). */
let estimateLine = '';

/** `compact`: in a narrow panel only the icon shows (the label stays the button's accessible name). */
function button(label: string, codicon: string, msg: WebviewToHost, opts: { primary?: boolean; disabled?: boolean; title?: string; compact?: boolean } = {}): HTMLElement {
  const cls = `${opts.primary ? 'primary' : 'secondary'}${opts.compact ? ' compact' : ''}`;
  const b = h('button', { type: 'button', class: cls, title: opts.title ?? label }, icon(codicon), h('span', { class: 'label' }, label));
  if (opts.disabled) b.setAttribute('disabled', '');
  b.addEventListener('click', () => vscode.postMessage(msg));
  return b;
}

function toolbar(s: PanelState): HTMLElement {
  const hintsLeft = s.hintCount - s.hints.length;
  return h(
    'div',
    { class: 'toolbar', role: 'toolbar' },
    s.running
      ? button('Cancel', 'debug-stop', { type: 'cancel' }, { primary: true })
      : button('Run Checks', 'play', { type: 'runChecks' }, { primary: true, disabled: !s.trusted, title: s.trusted ? 'Run Checks (Ctrl+Alt+Enter)' : 'Trust the workspace to run checks' }),
    s.needsModel && !s.running ? button('Run Fresh', 'refresh', { type: 'runChecks', fresh: true }, { disabled: !s.trusted || !s.model.configured, title: 'Run Fresh: run the checks without the response cache', compact: true }) : null,
    // "Hint (3)" rather than "Hint (3 left)": with Ask the Model beside it the toolbar stays one row at 1280 px.
    button(hintsLeft > 0 ? `Hint (${hintsLeft})` : 'Hints shown', 'lightbulb', { type: 'showHint' }, { disabled: hintsLeft <= 0, title: hintsLeft > 0 ? `Show the next hint (${hintsLeft} left)` : 'Every hint of this lesson is shown' }),
    button('Ask the Model', 'sparkle', { type: 'askModelHint' }, { disabled: !s.trusted || s.modelHint?.status === 'asking', title: s.trusted ? 'Ask the Model: a hint about your own files from your model; it points at the next step, never the solution' : 'Trust the workspace to ask the model', compact: true }),
    button('Solution', 'eye', { type: 'showSolution' }, { title: 'Solution: compare yours with the reference', compact: true }),
    button('Reset', 'discard', { type: 'resetLesson' }, { title: 'Reset: start again from the starter files (yours are backed up)', compact: true }),
    s.lesson.hasNext ? button('Next Lesson', 'arrow-right', { type: 'nextLesson' }, { compact: true }) : null,
  );
}

function statusBadge(s: PanelState): HTMLElement {
  const map = { 'not-started': ['circle-large-outline', 'Not started'], 'in-progress': ['circle-large-filled', 'In progress'], passed: ['pass-filled', 'Passed'] } as const;
  const [ic, label] = map[s.status];
  return h('span', { class: `badge status-${s.status}` }, icon(ic), ` ${label}`);
}

/** `key`: the check's name as runs compare it (case checks as "case › check"). */
function checkItem(c: CheckResultView, changes?: RunChangesView, key = c.name): HTMLElement {
  const ic = c.status === 'passed' ? 'pass-filled' : c.status === 'failed' ? 'error' : 'circle-slash';
  const details: Child[] = [];
  if (c.status !== 'passed') {
    if (c.expected !== undefined) details.push(h('div', { class: 'kv' }, h('span', { class: 'k' }, 'Expected'), h('pre', {}, c.expected)));
    if (c.actual !== undefined) details.push(h('div', { class: 'kv' }, h('span', { class: 'k' }, 'Actual'), h('pre', {}, c.actual)));
    if (c.hint) details.push(h('p', { class: 'check-hint' }, icon('lightbulb'), ` ${c.hint}`));
  }
  if (c.logs.length) details.push(h('div', { class: 'kv' }, h('span', { class: 'k' }, 'Console'), h('pre', { class: 'console' }, c.logs.join('\n'))));
  if (c.details) details.push(h('details', { class: 'kv' }, h('summary', {}, 'Details'), h('pre', {}, c.details)));
  return h(
    'li',
    { class: `check ${c.status}`, 'data-status': c.status },
    h('div', { class: 'check-head' }, icon(ic, `icon-${c.status}`), h('span', { class: 'check-name' }, c.name), changeTag(key, changes), c.durationMs !== undefined ? h('span', { class: 'muted' }, ` ${c.durationMs.toFixed(1)} ms`) : null),
    h('div', { class: 'check-reason' }, c.reason),
    ...details,
  );
}

function modelBanner(e: { kind: string; message: string; action: string }): HTMLElement {
  const fix: WebviewToHost = e.kind === 'auth' || e.kind === 'forbidden' ? { type: 'setApiKey' } : { type: 'configureModel' };
  return h(
    'div',
    { class: 'banner error model-error', role: 'alert' },
    h('div', {}, icon('warning'), ` ${e.message}`),
    e.action ? h('div', { class: 'muted' }, e.action) : null,
    h('div', { class: 'banner-actions' }, button(fix.type === 'setApiKey' ? 'Set API Key…' : 'Configure Model…', fix.type === 'setApiKey' ? 'key' : 'hubot', fix, { primary: true }), button('Open Log', 'output', { type: 'showLog' })),
  );
}

const fmtCost = usdText;

/** Prompt-lesson cases as cards: they wrap in a narrow panel (no table wider than the column). */
function caseCards(cases: CaseResultView[], changes?: RunChangesView): HTMLElement {
  const ordered = [...cases].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  return h('div', { class: 'cases' }, ...ordered.map((c) => caseCard(c, changes)));
}

function caseCard(c: CaseResultView, changes?: RunChangesView): HTMLElement {
  return h(
    'section',
    { class: `case ${c.status}`, 'data-case': String(c.index), 'aria-label': `Case ${c.name}: ${c.status}` },
    h('div', { class: 'case-head' }, icon(c.status === 'passed' ? 'pass-filled' : c.status === 'failed' ? 'error' : 'circle-slash', `icon-${c.status}`), h('span', { class: 'case-name' }, c.name),
      passRateText(c) ? h('span', { class: 'muted pass-rate' }, passRateText(c)!) : c.runs.length > 1 ? h('span', { class: 'muted pass-rate' }, `pass rate ${Math.round(c.passRate * 100)}% (needs ${Math.round(c.minPassRate * 100)}%)`) : null),
    stoppedEarlyText(c) ? h('div', { class: 'muted stopped-early' }, icon('debug-step-out'), ` ${stoppedEarlyText(c)}`) : null,
    ...c.runs.map((r, i) => caseRun(r, c.runs.length > 1 ? i + 1 : 0, c.name, changes)),
  );
}

function caseRun(r: CaseResultView['runs'][number], n: number, caseName: string, changes?: RunChangesView): HTMLElement {
  const out = !r.error
    ? h('pre', { class: 'output-text' }, r.text)
    : r.error.kind === 'needs-model'
      ? h('div', { class: 'run-error muted' }, icon('hubot', 'icon-not-run'), ` ${r.error.message}`)
      : r.error.kind === 'spend-cap'
        ? h('div', { class: 'run-error muted' }, icon('circle-slash', 'icon-not-run'), ` ${r.error.message}`)
      : h('div', { class: 'run-error' }, icon('error', 'icon-failed'), ` ${r.error.message}`);
  const meta = [
    n ? `run ${n}` : '',
    r.latencyMs !== undefined ? `${Math.round(r.latencyMs)} ms` : '',
    r.usage ? `${r.usage.totalTokens} tok (${r.usage.promptTokens}+${r.usage.completionTokens})` : '',
    r.costUsd !== undefined ? fmtCost(r.costUsd) : '',
    r.cached ? 'cached' : '',
  ].filter(Boolean);
  const checks = [...r.checks.filter(Boolean)].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  return h('div', { class: `case-run ${r.pass ? 'passed' : 'failed'}` }, out, checks.length ? h('ul', { class: 'checks compact' }, ...checks.map((k) => checkItem(k, changes, `${caseName} › ${k.name}`))) : null, meta.length ? h('div', { class: 'muted meta' }, meta.join(' · ')) : null);
}

/** Failures first, then what did not run, then passes. */
const STATUS_ORDER: Record<string, number> = { failed: 0, 'not-run': 1, passed: 2 };

/** "✖ 3 failed · ○ 1 not run · ✔ 9 passed": the run at a glance. */
function summaryLine(run: RunResultView): HTMLElement | null {
  const count = (st: string) => run.checks.filter((c) => c.status === st).length + (run.cases ?? []).filter((c) => c.status === st).length;
  const parts: Child[] = [];
  for (const [st, ic, label] of [['failed', 'error', 'failed'], ['not-run', 'circle-slash', 'not run'], ['passed', 'pass-filled', 'passed']] as const) {
    const n = count(st);
    if (n) parts.push(h('span', { class: `count ${st}` }, icon(ic, `icon-${st}`), ` ${n} ${label}`));
  }
  return parts.length ? h('div', { class: 'summary', role: 'status' }, ...parts) : null;
}

/** Failures first, each with its reason and hint; checks that did not run as one line; passes folded. */
function checkList(run: RunResultView, changes?: RunChangesView): Child[] {
  const failed = run.checks.filter((c) => c.status === 'failed');
  const notRun = run.checks.filter((c) => c.status === 'not-run');
  const passed = run.checks.filter((c) => c.status === 'passed');
  const parts: Child[] = [];
  if (failed.length) parts.push(h('ul', { class: 'checks failures' }, ...failed.map((c) => checkItem(c, changes))));
  if (notRun.length === 1) parts.push(h('ul', { class: 'checks' }, checkItem(notRun[0], changes)));
  else if (notRun.length) {
    const why = notRun[0].reason;
    parts.push(h('details', { class: 'not-run-group' }, h('summary', {}, icon('circle-slash', 'icon-not-run'), ` ${notRun.length} checks not run${notRun.every((c) => c.reason === why) ? `: ${why.replace(/^Not run:\s*/, '')}` : ''}`), h('ul', { class: 'checks' }, ...notRun.map((c) => h('li', { class: 'check not-run' }, c.name)))));
  }
  if (passed.length) {
    const list = h('ul', { class: 'checks' }, ...passed.map((c) => checkItem(c, changes)));
    const fixed = passed.filter((c) => changes?.newlyPassing.includes(c.name)).length;
    // With failures, passes fold away (saying how many are fixed); when all passed, they are the news.
    parts.push(failed.length || notRun.length ? h('details', { class: 'passed-group' }, h('summary', {}, icon('pass-filled', 'icon-passed'), ` ${passed.length} passed${fixed ? ` (${fixed} fixed since your last run)` : ''}`), list) : list);
  }
  return parts;
}

/** No model configured: the offline checks ran; the cases wait for a model (not failures). */
function offlineTitle(run: RunResultView): string {
  const passed = run.checks.filter((c) => c.status === 'passed').length;
  const cases = run.cases?.length ?? 0;
  return `Offline checks: ${passed} of ${run.checks.length} passed · ${cases} case${cases === 1 ? '' : 's'} need${cases === 1 ? 's' : ''} a model`;
}

function results(run: RunResultView, modelBannerShown: boolean, s: PanelState): HTMLElement {
  const noModel = run.modelError?.kind === 'not-configured';
  const title = noModel
    ? offlineTitle(run)
    : run.outcome === 'passed' ? 'All checks passed' : run.outcome === 'failed' ? `${run.passed} of ${run.total} checks passed` : run.outcome === 'cancelled' ? 'Run cancelled' : run.outcome === 'timeout' ? 'Stopped: time limit' : run.outcome === 'crashed' ? 'Stopped: the process crashed' : 'Could not run the checks';
  return h(
    'section',
    { class: `results outcome-${run.outcome}`, 'aria-label': 'Results' },
    h('h2', {}, icon(run.outcome === 'passed' ? 'pass-filled' : noModel ? 'hubot' : 'error', run.outcome === 'passed' ? 'icon-passed' : noModel ? 'icon-not-run' : 'icon-failed'), ` ${title}`, h('span', { class: 'muted' }, ` · ${run.durationMs.toFixed(0)} ms`)),
    // The panel already says "no model" with its one Configure Model button above: once is enough.
    noModel && modelBannerShown
      ? null
      : run.modelError
        ? modelBanner(run.modelError)
        : run.missingDependencies?.length
          ? h('div', { class: 'banner warning', role: 'alert' }, icon('package'), ` ${run.message ?? ''}`, h('div', { class: 'banner-actions' }, button('Install Dependencies', 'cloud-download', { type: 'installDependencies' }, { primary: true }), button('Open Log', 'output', { type: 'showLog' })))
          : run.message
            ? h('div', { class: 'banner error', role: 'alert' }, icon('warning'), ` ${run.message}`, run.location ? goToLocation(run.location) : null)
            : null,
    summaryLine(run),
    spendText(run) ? h('div', { class: 'muted spend' }, icon('credit-card'), ` ${spendText(run)}`) : null,
    s.changes ? changesLine(s.changes) : null,
    // Beside the failures: the known mistake this run looks like.
    s.mistake ? mistakeCallout(s.mistake) : null,
    ...checkList(run, s.changes),
    run.cases?.length ? caseCards(run.cases, s.changes) : null,
    run.output ? h('details', { class: 'output' }, h('summary', {}, 'Output'), h('pre', { class: 'console' }, run.output)) : null,
  );
}

/** "Go to similarity.ts:28": opens the learner's file at the line the error names. */
function goToLocation(at: NonNullable<RunResultView['location']>): HTMLElement {
  return h('div', { class: 'banner-actions' }, button(`Go to ${at.file}:${at.line}`, 'go-to-file', { type: 'openFile', file: at.file, line: at.line, column: at.column }, { primary: true }));
}

function render(): void {
  if (!state) return;
  const s = state;
  const l = s.lesson;
  const instructions = h('article', { class: 'instructions' });
  // Rendered by the host with markdown-it, raw HTML disabled.
  instructions.innerHTML = l.instructionsHtml;
  const hints = s.hints.length
    ? h('section', { class: 'hints', 'aria-label': 'Hints' }, h('h2', {}, icon('lightbulb'), ' Hints'), ...s.hints.map((html, i) => {
        const d = h('div', { class: 'hint' }, h('strong', {}, `Hint ${i + 1}`));
        const body = h('div', {});
        body.innerHTML = html;
        d.append(body);
        return d;
      }))
    : null;
  const files = h('p', { class: 'files' }, icon('file-code'), ' Your files: ', ...l.files.map((f) => {
    const a = h('a', { href: '#', class: 'file-link' }, f);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'openFile', file: f });
    });
    return a;
  }));
  const parts: Child[] = [
    h('header', {},
      h('div', { class: 'crumbs muted' }, `${l.pack} › ${l.track}`),
      h('h1', {}, l.title),
      h('div', { class: 'meta' }, statusBadge(s), h('span', { class: 'muted' }, ` ${l.minutes} min · ${l.difficulty}${s.attempts ? ` · ${s.attempts} run${s.attempts === 1 ? '' : 's'} · best ${Math.round(s.bestScore * 100)}%` : ''}`)),
    ),
    !s.trusted ? h('div', { class: 'banner warning', role: 'alert' }, icon('shield'), ' This workspace is not trusted: lesson code and checks do not run here. Trust the workspace to run checks.') : null,
    toolbar(s),
    s.running ? h('div', { class: 'running', role: 'status' }, icon('loading', 'codicon-modifier-spin'), h('span', { class: 'running-text' }, ` Running checks… ${progressText}`)) : null,
    s.running && estimateLine ? h('div', { class: 'muted estimate' }, icon('credit-card'), ` ${estimateLine}`) : null,
    s.running && s.needsModel ? h('pre', { class: 'stream', 'aria-label': 'Output of the first case, as it arrives' }, streamText) : null,
    s.needsModel && !s.model.configured && !s.running
      ? h('div', { class: 'banner warning', role: 'alert' }, icon('hubot'), ' This lesson runs your prompt against a model, and none is configured. Static checks still run.', h('div', { class: 'banner-actions' }, button('Configure Model…', 'hubot', { type: 'configureModel' }, { primary: true })))
      : s.needsModel
        ? h('div', { class: 'muted model-line' }, icon('hubot'), ` Model: ${s.model.label}`)
        : null,
    hints,
    modelHintSection(s.modelHint, button),
    s.lastRun && !s.running ? results(s.lastRun, s.needsModel && !s.model.configured, s) : null,
    historyChart(s.history),
    files,
    instructions,
  ];
  app.replaceChildren(...parts.filter((p): p is Node | string => !!p));
  revealNewHint(s);
  for (const a of Array.from(instructions.querySelectorAll('a[data-href]'))) {
    a.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'openLink', href: a.getAttribute('data-href') ?? '' });
    });
  }
}

/** A hint just unlocked is scrolled into view and marked as new (else it seems nothing happened). */
let hintsSeen: { lesson: string; count: number } | undefined;
function revealNewHint(s: PanelState): void {
  const seen = hintsSeen?.lesson === s.lesson.key ? hintsSeen.count : s.hints.length;
  hintsSeen = { lesson: s.lesson.key, count: s.hints.length };
  if (s.hints.length <= seen) return;
  const last = document.querySelector<HTMLElement>('.hints .hint:last-of-type');
  if (!last) return;
  last.classList.add('new');
  last.setAttribute('tabindex', '-1');
  last.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  last.focus({ preventScroll: true });
}

/** The estimate's numbers are numbers where they must be (the host's are; nothing else is shown). */
function isEstimate(data: object): boolean {
  const e = data as Record<string, unknown>;
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  return num(e.calls) && num(e.promptTokens) && num(e.completionTokens) && (e.usd === undefined || num(e.usd)) && (e.capUsd === undefined || num(e.capUsd));
}

/** Only the host posts here; a light shape check keeps zod out of the panel's bundle. */
function asHostMessage(data: unknown): HostToWebview | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const m = data as { type?: unknown; state?: { lesson?: unknown }; done?: unknown };
  if (m.type === 'state' && m.state && typeof m.state.lesson === 'object') return data as HostToWebview;
  if (m.type === 'progress' && typeof m.done === 'number') return data as HostToWebview;
  if ((m.type === 'stream' || m.type === 'modelHintText') && typeof (data as { text?: unknown }).text === 'string') return data as HostToWebview;
  if (m.type === 'estimate' && isEstimate(data)) return data as HostToWebview;
  return undefined;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = asHostMessage(event.data);
  if (!msg) return;
  if (msg.type === 'state') {
    state = msg.state;
    if (!state.running) {
      progressText = '';
      streamText = '';
      estimateLine = '';
    }
    vscode.setState({ lessonKey: state.lesson.key });
    render();
  } else if (msg.type === 'progress') {
    progressText = `${msg.done}/${msg.total}`;
    const el = document.querySelector('.running-text');
    if (el) el.textContent = ` Running checks… ${progressText}`;
  } else if (msg.type === 'estimate') {
    estimateLine = estimateText(msg) ?? '';
    if (state?.running) render();
  } else if (msg.type === 'modelHintText') {
    if (state?.lesson.key === msg.lessonKey && state.modelHint) state.modelHint.text = msg.text;
    updateModelHintText(msg.text);
  } else if (msg.type === 'stream') {
    streamText = msg.text;
    const el = document.querySelector('.stream');
    if (el) el.textContent = streamText;
  }
});

vscode.postMessage({ type: 'ready' });
