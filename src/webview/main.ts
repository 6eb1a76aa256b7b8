// The lesson panel's browser code. It renders the state the host sends and posts the
// learner's actions back; it imports only the protocol.
import type { CheckResultView, HostToWebview, PanelState, PersistedPanelState, RunResultView, WebviewToHost } from '../protocol/messages';

interface VsCodeApi {
  postMessage(msg: WebviewToHost): void;
  setState(state: PersistedPanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let state: PanelState | undefined;
let progressText = '';

type Child = Node | string | null | undefined | false;

function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

function icon(name: string, extra = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name} ${extra}`.trim(), 'aria-hidden': 'true' });
}

function button(label: string, codicon: string, msg: WebviewToHost, opts: { primary?: boolean; disabled?: boolean; title?: string } = {}): HTMLElement {
  const b = h('button', { type: 'button', class: opts.primary ? 'primary' : 'secondary', title: opts.title ?? label }, icon(codicon), h('span', {}, label));
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
    button(hintsLeft > 0 ? `Hint (${hintsLeft} left)` : 'Hints shown', 'lightbulb', { type: 'showHint' }, { disabled: hintsLeft <= 0 }),
    button('Solution', 'eye', { type: 'showSolution' }),
    button('Reset', 'discard', { type: 'resetLesson' }),
    s.lesson.hasNext ? button('Next Lesson', 'arrow-right', { type: 'nextLesson' }) : null,
  );
}

function statusBadge(s: PanelState): HTMLElement {
  const map = { 'not-started': ['circle-large-outline', 'Not started'], 'in-progress': ['circle-large-filled', 'In progress'], passed: ['pass-filled', 'Passed'] } as const;
  const [ic, label] = map[s.status];
  return h('span', { class: `badge status-${s.status}` }, icon(ic), ` ${label}`);
}

function checkItem(c: CheckResultView): HTMLElement {
  const ic = c.status === 'passed' ? 'pass-filled' : c.status === 'failed' ? 'error' : 'circle-slash';
  const details: Child[] = [];
  if (c.status !== 'passed') {
    if (c.expected !== undefined) details.push(h('div', { class: 'kv' }, h('span', { class: 'k' }, 'Expected'), h('pre', {}, c.expected)));
    if (c.actual !== undefined) details.push(h('div', { class: 'kv' }, h('span', { class: 'k' }, 'Actual'), h('pre', {}, c.actual)));
    if (c.hint) details.push(h('p', { class: 'check-hint' }, icon('lightbulb'), ` ${c.hint}`));
  }
  if (c.logs.length) details.push(h('div', { class: 'kv' }, h('span', { class: 'k' }, 'Console'), h('pre', { class: 'console' }, c.logs.join('\n'))));
  return h(
    'li',
    { class: `check ${c.status}`, 'data-status': c.status },
    h('div', { class: 'check-head' }, icon(ic, `icon-${c.status}`), h('span', { class: 'check-name' }, c.name), c.durationMs !== undefined ? h('span', { class: 'muted' }, ` ${c.durationMs.toFixed(1)} ms`) : null),
    h('div', { class: 'check-reason' }, c.reason),
    ...details,
  );
}

function results(run: RunResultView): HTMLElement {
  const title = run.outcome === 'passed' ? 'All checks passed' : run.outcome === 'failed' ? `${run.passed} of ${run.total} checks passed` : run.outcome === 'cancelled' ? 'Run cancelled' : run.outcome === 'timeout' ? 'Stopped: time limit' : run.outcome === 'crashed' ? 'Stopped: the process crashed' : 'Could not run the checks';
  return h(
    'section',
    { class: `results outcome-${run.outcome}`, 'aria-label': 'Results' },
    h('h2', {}, icon(run.outcome === 'passed' ? 'pass-filled' : 'error', run.outcome === 'passed' ? 'icon-passed' : 'icon-failed'), ` ${title}`, h('span', { class: 'muted' }, ` · ${run.durationMs.toFixed(0)} ms`)),
    run.message ? h('div', { class: 'banner error', role: 'alert' }, icon('warning'), ` ${run.message}`) : null,
    h('ul', { class: 'checks' }, ...run.checks.map(checkItem)),
    run.output ? h('details', { class: 'output' }, h('summary', {}, 'Output'), h('pre', { class: 'console' }, run.output)) : null,
  );
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
    s.lastRun && !s.running ? results(s.lastRun) : null,
    hints,
    files,
    instructions,
  ];
  app.replaceChildren(...parts.filter((p): p is Node | string => !!p));
  for (const a of Array.from(instructions.querySelectorAll('a[data-href]'))) {
    a.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'openLink', href: a.getAttribute('data-href') ?? '' });
    });
  }
}

/** Only the host posts here; a light shape check keeps zod out of the panel's bundle. */
function asHostMessage(data: unknown): HostToWebview | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const m = data as { type?: unknown; state?: { lesson?: unknown }; done?: unknown };
  if (m.type === 'state' && m.state && typeof m.state.lesson === 'object') return data as HostToWebview;
  if (m.type === 'progress' && typeof m.done === 'number') return data as HostToWebview;
  return undefined;
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = asHostMessage(event.data);
  if (!msg) return;
  if (msg.type === 'state') {
    state = msg.state;
    if (!state.running) progressText = '';
    vscode.setState({ lessonKey: state.lesson.key });
    render();
  } else if (msg.type === 'progress') {
    progressText = `${msg.done}/${msg.total}`;
    const el = document.querySelector('.running-text');
    if (el) el.textContent = ` Running checks… ${progressText}`;
  }
});

vscode.postMessage({ type: 'ready' });
