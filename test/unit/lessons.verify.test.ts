// Every built-in lesson is verified: the manifest loads, the reference solution passes every
// check, the starter loads and fails at least one, and every wrong solution kept under
// wrong/<name>/ (a common mistake) fails at least one.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import type { Lesson } from '../../src/core/lessons/model';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
import { runCodeChecks } from '../../src/core/runner/codeRunner';
import type { RunResult } from '../../src/core/runner/result';
import { tempDir } from './helpers/tempPack';

const ROOT = path.resolve(__dirname, '../..');
const SANDBOX = path.join(ROOT, 'dist', 'sandbox.js');
const PACK = path.join(ROOT, 'lessons');
const pool = new SandboxPool(SANDBOX);
after(() => pool.dispose());

async function runVariant(lesson: Lesson, variantDir: string): Promise<RunResult> {
  const dir = tempDir('ai-dojo-verify-');
  cpSync(variantDir, dir, { recursive: true });
  return runCodeChecks({ lesson, learnerDir: dir, pool, files: nodeFiles, timeoutMs: 10_000, memoryMb: 256 });
}

function failures(r: RunResult): string {
  return [r.message, ...r.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.reason}`)].filter(Boolean).join('\n  ');
}

describe('built-in lessons', function () {
  this.timeout(60_000);
  let catalog: Catalog;

  before(async function () {
    assert.ok(existsSync(SANDBOX), 'dist/sandbox.js is missing: run `npm run build` first.');
    catalog = await Catalog.load([PACK], nodeFiles);
  });

  it('load without problems', function () {
    assert.deepEqual(catalog.problems, []);
    assert.ok(catalog.lessons.length >= 3, `at least three lessons (found ${catalog.lessons.length})`);
  });

  // The lesson list is read synchronously so that each lesson gets its own test.
  const ids = readdirSync(PACK, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((track) => readdirSync(path.join(PACK, track.name), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${track.name}/${d.name}`));

  for (const id of ids) {
    describe(id, function () {
      let lesson: Lesson;
      before(function () {
        const found = catalog.find(id);
        assert.ok(found, `${id} is listed in pack.json and loads`);
        lesson = found;
      });

      it('has instructions, at least two hints and an estimate', function () {
        assert.ok(lesson.hints.length >= 2, 'at least two hints');
        assert.ok(lesson.minutes >= 5 && lesson.minutes <= 30);
      });

      it('reference solution passes every check', async function () {
        const r = await runVariant(lesson, path.join(lesson.dir, 'solution'));
        assert.equal(r.outcome, 'passed', failures(r));
      });

      it('starter loads and fails at least one check', async function () {
        const r = await runVariant(lesson, path.join(lesson.dir, 'starter'));
        assert.equal(r.outcome, 'failed', `the starter must compile and fail checks, not ${r.outcome}: ${r.message ?? ''}`);
        assert.ok(r.passed < r.total);
      });

      const wrongDir = path.join(PACK, ...id.split('/'), 'wrong');
      const wrong = existsSync(wrongDir) ? readdirSync(wrongDir) : [];
      it('has at least two wrong solutions as fixtures', function () {
        assert.ok(wrong.length >= 2, `wrong/ holds ${wrong.length}`);
      });
      for (const name of wrong) {
        it(`wrong solution "${name}" fails at least one check`, async function () {
          const r = await runVariant(lesson, path.join(wrongDir, name));
          assert.ok(r.outcome !== 'passed', `${name} passed every check: the checks miss this mistake`);
        });
      }
    });
  }
});
