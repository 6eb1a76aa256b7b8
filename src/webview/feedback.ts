// The panel's feedback beside a run's checks: the known mistake it looks like, what changed since
// the previous run, and the attempt history as a small SVG chart (classes only: the CSP allows no
// inline style, and the colours come from the theme through media/panel.css).
import type { HistoryEntryView, MistakeView, RunChangesView } from '../protocol/messages';
import { h, icon, type Child } from './dom';


/** "off-by-one-overlap" → "Off by one overlap". */
export function mistakeTitle(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "This looks like a known mistake: …" with each candidate's why; ties and near matches say so. */
export function mistakeCallout(m: MistakeView): HTMLElement {
  const second = m.mistakes[1];
  const lead = m.tied > 2 ? `This looks like one of ${m.tied} known mistakes (two shown)` : second ? 'This looks like one of two known mistakes' : m.exact ? 'This looks like a known mistake' : 'This looks close to a known mistake';
  const note = second
    ? `${m.exact ? 'Each fails exactly the checks your run failed' : 'Each is as close to your run as the other'}, so the checks cannot tell them apart: read both.`
    : m.exact
      ? ''
      : `Your run's failed checks overlap ${Math.round(m.similarity * 100)}% with this mistake's, so it may not be exactly this.`;
  return h(
    'section',
    { class: 'mistake', role: 'note', 'aria-label': 'Known mistake' },
    h('div', { class: 'mistake-head' }, icon('lightbulb-autofix'), h('span', {}, `${lead}:`)),
    ...m.mistakes.map((x) => h('div', { class: 'mistake-item' }, h('strong', { class: 'mistake-name' }, mistakeTitle(x.name)), h('p', { class: 'mistake-why' }, x.why))),
    note ? h('p', { class: 'muted mistake-note' }, note) : null,
  );
}

/** When a run finished, as a learner reads it: the time today, else the date and time. */
export function when(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return d.toDateString() === now.toDateString() ? time : `${d.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}`;
}

/** "Since your last run (10:02): ✔ 2 now pass · ✖ 1 newly failing", or that nothing changed. */
export function changesLine(c: RunChangesView): HTMLElement {
  const parts: Child[] = [];
  if (c.newlyPassing.length) parts.push(h('span', { class: 'change now-passing' }, icon('arrow-up', 'icon-passed'), ` ${c.newlyPassing.length} now pass${c.newlyPassing.length === 1 ? 'es' : ''}`));
  if (c.newlyFailing.length) parts.push(h('span', { class: 'change newly-failing' }, icon('arrow-down', 'icon-failed'), ` ${c.newlyFailing.length} newly failing`));
  if (!parts.length) parts.push(h('span', { class: 'muted' }, 'the same checks pass and fail'));
  return h('div', { class: 'since', role: 'status' }, h('span', { class: 'muted' }, `Since your last run (${when(c.since)}):`), ...parts);
}

/** A tag after a check's name: "new" for a check that fails now and did not before, "fixed" for one that passes now. */
export function changeTag(name: string, c: RunChangesView | undefined): HTMLElement | null {
  if (c?.newlyFailing.includes(name)) return h('span', { class: 'change-tag newly-failing', title: 'Failed in this run, not in the previous one' }, 'new');
  if (c?.newlyPassing.includes(name)) return h('span', { class: 'change-tag now-passing', title: 'Failed in the previous run, passes now' }, 'fixed');
  return null;
}

const SVG = 'http://www.w3.org/2000/svg';
const SLOTS = 20;
const SLOT_W = 10;
const HEIGHT = 40;

function svg(tag: string, attrs: Record<string, string>, ...children: (Node | null)[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c) el.append(c);
  return el;
}

const describeRun = (r: HistoryEntryView) =>
  r.outcome === 'passed' || r.outcome === 'failed' ? `${r.passed}/${r.total} passed` : r.outcome === 'timeout' ? 'stopped: time limit' : r.outcome === 'crashed' ? 'crashed' : 'could not run';

/**
 * The lesson's kept runs as bars (height: share of checks passed; colour: how the run ended),
 * one slot per run up to 20; the text alternative lists every run.
 */
export function historyChart(history: HistoryEntryView[]): HTMLElement | null {
  if (!history.length) return null;
  const runs = history.slice(-SLOTS);
  const text = runs.map((r) => `${when(r.at)} ${describeRun(r)}`).join(', ');
  const label = `Your last ${runs.length === 1 ? 'run' : `${runs.length} runs`}, oldest first: ${text}.`;
  const bars = runs.map((r, i) => {
    const share = r.total ? r.passed / r.total : 0;
    const ran = r.outcome === 'passed' || r.outcome === 'failed';
    // A run that passed nothing (or did not run) still shows as a stub, so every attempt is visible.
    const height = Math.max(2, Math.round(share * (HEIGHT - 2)));
    const title = svg('title', {});
    title.textContent = `${when(r.at)}: ${describeRun(r)}`;
    return svg('rect', { class: `bar ${ran ? r.outcome : 'no-run'}`, x: String(i * SLOT_W + 1), y: String(HEIGHT - height), width: String(SLOT_W - 2), height: String(height) }, title);
  });
  const chart = svg(
    'svg',
    { class: 'history-chart', viewBox: `0 0 ${SLOTS * SLOT_W} ${HEIGHT}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': label },
    svg('line', { class: 'baseline', x1: '0', y1: String(HEIGHT - 0.5), x2: String(SLOTS * SLOT_W), y2: String(HEIGHT - 0.5) }),
    ...bars,
  );
  const last = runs[runs.length - 1];
  return h(
    'section',
    { class: 'history', 'aria-label': 'Your runs' },
    h('div', { class: 'history-head' }, icon('graph'), h('span', {}, ` Your runs: ${runs.length}`), h('span', { class: 'muted' }, ` · last ${describeRun(last)}`)),
    chart,
    h('details', { class: 'history-table' }, h('summary', {}, 'As a list'), h('ol', {}, ...runs.map((r) => h('li', {}, `${when(r.at)}: ${describeRun(r)}`)))),
  );
}
