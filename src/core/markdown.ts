import MarkdownIt from 'markdown-it';

// Raw HTML off: lesson text (possibly from a team pack) cannot inject markup into the panel.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

// Links open outside the panel (the webview asks the host), never navigate the webview itself.
const defaultLink = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('data-href', tokens[idx].attrGet('href') ?? '');
  return defaultLink(tokens, idx, options, env, self);
};

export function renderMarkdown(text: string): string {
  return md.render(text);
}
