// The panel's Content Security Policy, kept free of `vscode` so a unit test can read it.

/**
 * Nothing by default; styles, fonts and images only from the webview's own resources (its
 * localResourceRoots: the extension's dist/media and the shown lesson's pack) and images
 * inline as data:. No remote image: a README's could be a tracking pixel.
 */
export function panelCsp(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `style-src ${cspSource}`, `font-src ${cspSource}`, `img-src ${cspSource} data:`, `script-src 'nonce-${nonce}'`].join('; ');
}
