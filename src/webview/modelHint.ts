// The model's hint in the lesson panel: streaming, shown, withheld or failed, with what it cost.
import type { ModelHintView, WebviewToHost } from '../protocol/messages';
import { h, icon, type Child } from './dom';
import { modelHintMeta } from './statsText';

type Button = (label: string, codicon: string, msg: WebviewToHost, opts?: { primary?: boolean }) => HTMLElement;

const TITLES: Record<ModelHintView['status'], string> = {
  asking: 'Asking your model for a hint…',
  done: 'Hint from your model',
  withheld: 'No hint shown',
  'needs-model': 'Ask for a Hint needs a model',
  error: 'The model could not give a hint',
  cancelled: 'Hint cancelled',
};

/** The section, or null when the learner has not asked. `text` is the streamed text when asking. */
export function modelHintSection(v: ModelHintView | undefined, button: Button): HTMLElement | null {
  if (!v) return null;
  const asking = v.status === 'asking';
  const body = h('div', { class: 'model-hint-text', 'aria-live': 'polite' });
  if (v.status === 'done' && v.html !== undefined) body.innerHTML = v.html; // rendered by the host, raw HTML disabled
  else body.textContent = v.text;
  const problem = v.status !== 'done' && v.status !== 'asking';
  const fix: Child = v.status === 'needs-model' || v.status === 'error' ? fixButton(v, button) : null;
  return h(
    'section',
    { class: `model-hint status-${v.status}`, 'aria-label': 'Hint from your model', 'aria-busy': asking ? 'true' : 'false' },
    h('h2', {}, icon(asking ? 'loading' : problem && v.status !== 'cancelled' ? 'warning' : 'sparkle', asking ? 'codicon-modifier-spin' : ''), ` ${TITLES[v.status]}`),
    v.message ? h('div', { class: `model-hint-message${problem ? '' : ' muted'}` }, v.message) : null,
    v.action ? h('div', { class: 'muted' }, v.action) : null,
    v.text || v.status === 'done' || asking ? body : null,
    asking || fix ? h('div', { class: 'banner-actions' }, asking ? button('Cancel', 'debug-stop', { type: 'cancelModelHint' }) : null, fix) : null,
    v.usage || v.status === 'done' ? h('div', { class: 'muted meta model-hint-meta' }, modelHintMeta(v)) : null,
  );
}

function fixButton(v: ModelHintView, button: Button): HTMLElement {
  if (v.errorKind === 'auth' || v.errorKind === 'forbidden') return button('Set API Key…', 'key', { type: 'setApiKey' }, { primary: true });
  if (v.status === 'needs-model' || v.errorKind === 'not-found' || v.errorKind === 'network') return button('Configure Model…', 'hubot', { type: 'configureModel' }, { primary: true });
  return button('Open Log', 'output', { type: 'showLog' });
}

/** While asking: the streamed text, in place (no full render per piece). */
export function updateModelHintText(text: string): void {
  const el = document.querySelector('.model-hint .model-hint-text');
  if (el) el.textContent = text;
}
