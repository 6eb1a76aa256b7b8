import MarkdownIt from 'markdown-it';

/** Where an image may be shown from, or undefined to show it as a link or its alt text instead. */
export type ImageResolver = (src: string) => string | undefined;

// data: images are inline (no request leaves the panel); anything else needs a resolver.
const dataOnly: ImageResolver = (src) => (/^data:/i.test(src) ? src : undefined);

// Built on first use: markdown-it loads when a lesson is first shown, not when the editor starts.
let md: MarkdownIt | undefined;
let plain: MarkdownIt | undefined;

function renderer(): MarkdownIt {
  if (md) return md;
  // Raw HTML off: lesson text (possibly from a team pack) cannot inject markup into the panel.
  const r = new MarkdownIt({ html: false, linkify: true, typographer: false });
  // Links open outside the panel (the webview asks the host), never navigate the webview itself.
  const defaultLink = r.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  r.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx].attrSet('data-href', tokens[idx].attrGet('href') ?? '');
    return defaultLink(tokens, idx, options, env, self);
  };
  // Images load only from where the resolver says (the lesson's pack): a remote one could be a
  // tracking pixel, so it becomes a link the learner may open, and anything else its alt text.
  r.renderer.rules.image = (tokens, idx, options, env: { image?: ImageResolver }, self) => {
    const token = tokens[idx];
    const src = token.attrGet('src') ?? '';
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const shown = (env.image ?? dataOnly)(src);
    if (shown !== undefined) {
      token.attrSet('src', shown);
      token.attrSet('alt', alt);
      return self.renderToken(tokens, idx, options);
    }
    const label = r.utils.escapeHtml(alt || src);
    if (/^https?:\/\//i.test(src)) return `<a href="${r.utils.escapeHtml(src)}" data-href="${r.utils.escapeHtml(src)}" class="remote-image">[image: ${label}]</a>`;
    return `<span class="missing-image">[${label}]</span>`;
  };
  return (md = r);
}

export function renderMarkdown(text: string, image?: ImageResolver): string {
  return renderer().render(text, { image });
}


/** The src of every image in the text, as markdown-it normalises it (e.g. spaces as %20). */
export function imageSources(text: string): string[] {
  const out: string[] = [];
  // Finding images needs no linkify, the slowest part of parsing a README.
  plain ??= new MarkdownIt({ html: false, linkify: false, typographer: false });
  for (const block of plain.parse(text, {})) {
    for (const t of block.children ?? []) if (t.type === 'image') out.push(t.attrGet('src') ?? '');
  }
  return out;
}
