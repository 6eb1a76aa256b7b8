// The host bundle loads what a first activation needs and nothing more: the model client, YAML,
// Markdown and fast-check are separate bundles (dist/vendor/), required on first use.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

const DIST = path.resolve(__dirname, '../../dist');
const LAZY = ['openai', 'yaml', 'fast-check', 'markdown-it'];
/** A built CommonJS bundle, loaded as VS Code loads it (require), through this module's cache. */
const loadBundle = (file: string): unknown => Module.createRequire(__filename)(file);

/** Anything: a class to extend or construct, a function to call, an object to read. */
function anything(): unknown {
  const target = class {};
  return new Proxy(target, { get: (t, k) => (k === 'prototype' ? t.prototype : k === Symbol.toPrimitive ? () => '' : anything()), apply: () => anything() });
}

/** A stand-in for the vscode module with every name its typings export (import * copies own names). */
function vscodeStub(): Record<string, unknown> {
  const typings = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set([...typings.matchAll(/^\s*export (?:class|namespace|enum|const|function|let|var) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]));
  return Object.fromEntries([...names].map((n) => [n, anything()]));
}

describe('the host bundle (dist/extension.js)', function () {
  it('loads none of the libraries a first activation does not use (they are bundles of their own)', function () {
    const file = path.join(DIST, 'extension.js');
    assert.ok(existsSync(file), 'dist/extension.js is missing: run `npm run build` first.');
    const stub = vscodeStub();
    const M = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
    const load0 = M._load;
    M._load = (request, parent, isMain) => (request === 'vscode' ? stub : load0.call(Module, request, parent, isMain));
    const vendor = (name: string) => path.join(DIST, 'vendor', `${name}.js`);
    try {
      for (const name of LAZY) delete require.cache[vendor(name)];
      delete require.cache[file];
      const ext = loadBundle(file) as { activate: unknown };
      assert.equal(typeof ext.activate, 'function');
      assert.deepEqual(LAZY.filter((name) => require.cache[vendor(name)]), [], 'loaded with the bundle');
    } finally {
      M._load = load0;
    }
  });

  it('gives each library as the host imports it: every named export and the default', async function () {
    for (const name of LAZY) {
      const built = loadBundle(path.join(DIST, 'vendor', `${name}.js`)) as Record<string, unknown>;
      const direct = (await import(name)) as Record<string, unknown>;
      const shape = (m: Record<string, unknown>) => Object.fromEntries(Object.keys(m).filter((k) => k !== '__esModule').sort().map((k) => [k, typeof m[k]]));
      assert.deepEqual(shape(built), shape(direct), name);
      assert.equal(typeof built.default, typeof direct.default, `${name}: the default export`);
    }
  });
});
