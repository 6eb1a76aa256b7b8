// Renders the Marketplace icon (media/icon.png, 128x128) from the activity-bar glyph
// (media/dojo.svg) on a coloured tile, in Chromium. Run by hand when the glyph changes:
//   node test/support/renderIcon.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, launchBrowser } from './codeServer.mjs';

const glyph = readFileSync(join(REPO_ROOT, 'media', 'dojo.svg'), 'utf8').replace('stroke="currentColor"', 'stroke="#ffffff"').replace('stroke-width="1.5"', 'stroke-width="1.6"');
const html = `<html><body style="margin:0;background:transparent">
<div style="width:128px;height:128px;border-radius:24px;background:linear-gradient(135deg,#1f6feb,#6e40c9);display:flex;align-items:center;justify-content:center">
<div style="width:92px;height:92px">${glyph.replace('width="24" height="24"', 'width="92" height="92"')}</div></div></body></html>`;
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(html);
await page.screenshot({ path: join(REPO_ROOT, 'media', 'icon.png'), omitBackground: true });
await browser.close();
console.log('wrote media/icon.png');
