// README screenshots are the E2E run's own: after `npm run test:e2e`, this copies them into
// media/ (run by hand when the UI changes, then commit them).
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './codeServer.mjs';

const shots = {
  'e2e-passed.png': 'screenshot.png',
  'e2e-prompt-passed.png': 'screenshot-prompt.png',
  'e2e-known-mistake.png': 'screenshot-feedback.png',
  'e2e-model-hint.png': 'screenshot-hint.png',
  'e2e-prompt-stats.png': 'screenshot-stats.png',
};
for (const [from, to] of Object.entries(shots)) {
  const src = join(REPO_ROOT, 'test-results', from);
  if (!existsSync(src)) {
    console.error(`${src} is missing: run npm run test:e2e first.`);
    process.exit(1);
  }
  copyFileSync(src, join(REPO_ROOT, 'media', to));
  console.log(`media/${to} <- test-results/${from}`);
}
