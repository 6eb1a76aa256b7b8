// Fills this package from the repository's build: the CLI bundle and what it loads at run time
// (the sandbox, the offline embedding model and its WebAssembly runtime, zod for learner code)
// and the built-in course (without the authoring-only wrong/ and verify/ folders, as in the VSIX).
// Everything is bundled: the package has no dependencies. Run by `npm pack` / `npm publish`
// (prepack; it reports on stderr, so `npm pack --json` stays JSON), after `npm run build` (or `node esbuild.mjs --production`) at the repository root.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dist = join(root, 'dist');

const RUNTIME = ['cli.js', 'sandbox.js', 'embedder.js', 'vendor', 'models', 'schema'];

if (!existsSync(join(dist, 'cli.js'))) {
  console.error(`${join(dist, 'cli.js')} is missing: run \`npm ci && npm run build\` at the repository root first.`);
  process.exit(1);
}
for (const out of ['dist', 'lessons']) rmSync(join(here, out), { recursive: true, force: true });
mkdirSync(join(here, 'dist'), { recursive: true });
const files = [...RUNTIME, ...readdirSync(dist).filter((f) => f.endsWith('.wasm'))];
for (const f of files) cpSync(join(dist, f), join(here, 'dist', f), { recursive: true, filter: (src) => !src.endsWith('.map') });
const authoringOnly = (src) => relative(join(root, 'lessons'), src).split(sep).some((part) => part === 'wrong' || part === 'verify');
cpSync(join(root, 'lessons'), join(here, 'lessons'), { recursive: true, filter: (src) => !authoringOnly(src) });
cpSync(join(root, 'LICENSE'), join(here, 'LICENSE'));
console.error(`packages/cli: ${files.length} runtime entries from dist/ and the built-in course copied.`);
