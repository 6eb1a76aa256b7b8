// Lesson dependencies: what is missing, the package.json written for npm, npm's failure told in
// its own words, and the verifier's cache that installs a set once. npm itself is played by a
// small script (tests stay off the network); the real npm runs in `npm run verify-lessons`.
import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cachedDependencies, describeMissing, missingDependencies, NPM_INSTALL_ARGS, npmInstall, writePackageJson } from '../../src/core/deps/lessonDeps';
import { tempDir } from './helpers/tempPack';

/** A stand-in for npm: logs its arguments, then installs what package.json lists (or fails when told to). */
function fakeNpm(log: string): string {
  const file = path.join(tempDir('ai-dojo-fake-npm-'), 'npm');
  writeFileSync(
    file,
    `#!/usr/bin/env node
const fs = require('fs'), path = require('path');
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ cwd: process.cwd(), args: process.argv.slice(2) }) + '\\n');
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
if (pkg.dependencies['broken-package']) { console.error('npm error 404 Not Found - GET https://registry.npmjs.org/broken-package'); process.exit(1); }
for (const [name, version] of Object.entries(pkg.dependencies)) {
  const dir = path.join('node_modules', ...name.split('/'));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version }));
}
`,
  );
  chmodSync(file, 0o755);
  return file;
}

function installed(dir: string, name: string, version: string): void {
  const d = path.join(dir, 'node_modules', ...name.split('/'));
  mkdirSync(d, { recursive: true });
  writeFileSync(path.join(d, 'package.json'), JSON.stringify({ name, version }));
}

describe('lesson dependencies', function () {
  this.timeout(20_000);

  it('names what is missing or at another version, scoped packages included', async function () {
    const dir = tempDir('ai-dojo-deps-');
    installed(dir, '@langchain/core', '1.4.0');
    installed(dir, 'llamaindex', '0.11.0');
    const missing = await missingDependencies(dir, { '@langchain/core': '1.4.0', llamaindex: '0.12.1', '@electric-sql/pglite': '0.5.16' });
    assert.deepEqual(missing, [{ name: 'llamaindex', version: '0.12.1', installed: '0.11.0' }, { name: '@electric-sql/pglite', version: '0.5.16' }]);
    assert.equal(describeMissing(missing), 'llamaindex@0.12.1 (found 0.11.0), @electric-sql/pglite@0.5.16');
  });

  it("writes package.json with the lesson's exact versions and keeps the learner's own entries", async function () {
    const dir = tempDir('ai-dojo-deps-');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'mine', dependencies: { lodash: '4.17.21' }, scripts: { x: 'y' } }));
    await writePackageJson(dir, { '@langchain/core': '1.4.0' }, 'tools/langchain-chain');
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')), { name: 'mine', dependencies: { lodash: '4.17.21', '@langchain/core': '1.4.0' }, scripts: { x: 'y' } });
    const fresh = tempDir('ai-dojo-deps-');
    await writePackageJson(fresh, { a: '1.0.0' }, 'tools/langchain-chain');
    assert.deepEqual(JSON.parse(readFileSync(path.join(fresh, 'package.json'), 'utf8')), { name: 'tools-langchain-chain', private: true, dependencies: { a: '1.0.0' } });
  });

  it('runs npm install without install scripts, and reports npm\'s own error when it fails', async function () {
    const log = path.join(tempDir('ai-dojo-deps-'), 'log');
    const npm = fakeNpm(log);
    const dir = tempDir('ai-dojo-deps-');
    await writePackageJson(dir, { 'left-pad': '1.3.0' }, 'x');
    await npmInstall(dir, { npm });
    assert.deepEqual(await missingDependencies(dir, { 'left-pad': '1.3.0' }), []);
    assert.deepEqual(JSON.parse(readFileSync(log, 'utf8').trim()).args, NPM_INSTALL_ARGS);
    assert.ok(NPM_INSTALL_ARGS.includes('--ignore-scripts'));
    await writePackageJson(dir, { 'broken-package': '1.0.0' }, 'x');
    await assert.rejects(npmInstall(dir, { npm }), /npm install failed \(exit code 1\)[\s\S]*404 Not Found/);
    await assert.rejects(npmInstall(dir, { npm: path.join(dir, 'no-such-npm') }), /Could not run npm/);
  });

  it('installs a set of dependencies once for the verifier and reuses it', async function () {
    const log = path.join(tempDir('ai-dojo-deps-'), 'log');
    const npm = fakeNpm(log);
    const cache = tempDir('ai-dojo-deps-cache-');
    const first = await cachedDependencies(cache, { b: '2.0.0', a: '1.0.0' }, { npm });
    const again = await cachedDependencies(cache, { a: '1.0.0', b: '2.0.0' }, { npm });
    assert.equal(first, again, 'the same set in another order is the same cache entry');
    assert.ok(existsSync(path.join(first, 'a', 'package.json')));
    assert.equal(readFileSync(log, 'utf8').trim().split('\n').length, 1, 'npm ran once');
    await cachedDependencies(cache, { a: '1.0.1' }, { npm });
    assert.equal(readFileSync(log, 'utf8').trim().split('\n').length, 2, 'another set installs again');
  });
});
