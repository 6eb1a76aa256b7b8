// Opens the team report of the report unit test (200 people × 40 lessons) in headless Chromium
// and saves a screenshot to test-results/report.png. Not part of npm test (it needs a browser):
//   npx mocha -r sucrase/register/ts test/unit/report.test.ts   # writes test-results/report.html
//   node -r sucrase/register/ts test/unit/reportScreenshot.ts
// Chromium: $CHROMIUM, else the test tools' one (.tools/), else /usr/bin/chromium.
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
const HTML = path.join(ROOT, 'test-results', 'report.html');
const PNG = path.join(ROOT, 'test-results', 'report.png');
// The same flags as test/support/codeServer.mjs: headless in a container, offline.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function chromiumPath(): string {
  const tools = path.join(ROOT, '.tools');
  const fromTools = existsSync(tools) ? readdirSync(tools, { recursive: true, encoding: 'utf8' }).find((f) => /(^|\/)chrom(e|ium)$/.test(f)) : undefined;
  const found = [process.env.CHROMIUM, fromTools && path.join(tools, fromTools), '/usr/bin/chromium'].find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('No Chromium: set CHROMIUM, or run `bash .ci/install-tools.sh` (apt chromium).');
  return found;
}

async function main(): Promise<void> {
  if (!existsSync(HTML)) throw new Error(`${HTML} is missing: run the report unit test first (it writes it).`);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    // Any request other than the file itself would break "no network": count them.
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(HTML).href);
    await page.screenshot({ path: PNG });
    const others = requests.filter((u) => u !== pathToFileURL(HTML).href);
    console.log(`Screenshot: ${PNG}; requests besides the page: ${others.length ? others.join(', ') : 'none'}`);
    if (others.length) process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
