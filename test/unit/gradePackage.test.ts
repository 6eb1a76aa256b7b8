// The npm package of the CLI (packages/cli): `npm pack` builds it from the repository's bundles,
// and the packed CLI, unpacked where no node_modules can help it, grades a lesson of the built-in
// course it ships and writes a team report. Nothing is published.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { exportProgress } from '../../src/core/progress/exportImport';
import { tempDir } from './helpers/tempPack';

const ROOT = path.resolve(__dirname, '../..');
const CLI_PACKAGE = path.join(ROOT, 'packages', 'cli');

function run(cmd: string, args: string[], cwd: string): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 90_000, env: { ...process.env, npm_config_loglevel: 'error' } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('the CLI as an npm package (packages/cli)', function () {
  this.timeout(120_000);
  let unpacked: string;

  before(function () {
    assert.ok(existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first.');
    const out = tempDir('ai-dojo-npm-pack-');
    const started = performance.now();
    const packed = run('npm', ['pack', '--json', '--pack-destination', out], CLI_PACKAGE);
    assert.equal(packed.code, 0, packed.err);
    const [{ filename }] = JSON.parse(packed.out) as { filename: string }[];
    const untar = run('tar', ['-xzf', path.join(out, filename)], out);
    assert.equal(untar.code, 0, untar.err);
    console.log(`      npm pack + unpack: ${Math.round(performance.now() - started)} ms`);
    unpacked = path.join(out, 'package');
  });

  it('is ready to publish: a bin, no dependencies, the bundles without source maps, the course without authoring folders', function () {
    const pkg = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies?: object; private?: boolean };
    assert.deepEqual(pkg.bin, { 'ai-dojo': 'dist/cli.js' });
    assert.equal(pkg.dependencies, undefined);
    assert.notEqual(pkg.private, true);
    for (const f of ['cli.js', 'sandbox.js', 'embedder.js', 'vendor/zod.js', 'models/use-lite/model.json', 'tfjs-backend-wasm.wasm', 'LICENSE']) {
      assert.ok(existsSync(path.join(unpacked, f.startsWith('LICENSE') ? '' : 'dist', f)), f);
    }
    const all = readdirSync(unpacked, { recursive: true, encoding: 'utf8' });
    assert.deepEqual(all.filter((f) => f.endsWith('.map')), []);
    assert.deepEqual(all.filter((f) => f.split(path.sep).some((p) => p === 'wrong' || p === 'verify')), []);
    assert.ok(existsSync(path.join(unpacked, 'lessons', 'pack.json')), 'the built-in course');
    assert.match(readFileSync(path.join(unpacked, 'dist', 'cli.js'), 'utf8').slice(0, 40), /^#!\/usr\/bin\/env node/);
  });

  it('grades a learner folder with the course it ships (no --pack) and writes a team report', function () {
    const learner = tempDir('ai-dojo-npm-learner-');
    mkdirSync(path.join(learner, 'ai-dojo', 'rag'), { recursive: true });
    cpSync(path.join(ROOT, 'lessons', 'rag', 'chunker', 'solution'), path.join(learner, 'ai-dojo', 'rag', 'chunker'), { recursive: true });
    const graded = run(process.execPath, [path.join(unpacked, 'dist', 'cli.js'), 'grade', learner, '--lesson', 'rag/chunker', '--json', '-'], learner);
    assert.equal(graded.code, 0, graded.err + graded.out);
    const report = JSON.parse(graded.out) as { ok: boolean; lessons: { id: string; status: string }[] };
    assert.deepEqual(report.lessons.map((l) => [l.id, l.status]), [['rag/chunker', 'passed']]);

    writeFileSync(path.join(learner, 'alice.json'), JSON.stringify(exportProgress({ 'ai-dojo:rag/chunker': { status: 'passed', attempts: 2, bestScore: 1, hintsShown: 1 } }, () => undefined)));
    const made = run(process.execPath, [path.join(unpacked, 'dist', 'cli.js'), 'report', path.join(learner, 'alice.json'), '-o', path.join(learner, 'team.html')], learner);
    assert.equal(made.code, 0, made.err);
    assert.match(readFileSync(path.join(learner, 'team.html'), 'utf8'), /<th class="name">alice<\/th>/);
  });
});
