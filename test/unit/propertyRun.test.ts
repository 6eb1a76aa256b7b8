// Property checks through the real runner: the learner's process and the reference's, the inputs
// generated from a seed, a javascript comparison evaluated in the grader process.
import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import type { Lesson } from '../../src/core/lessons/model';
import { runCodeChecks } from '../../src/core/runner/codeRunner';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
import { ensureLearnerFiles } from '../../src/core/workspace/learnerFiles';
import { PACK, tempDir, tempPack } from './helpers/tempPack';

const SANDBOX = path.resolve(__dirname, '../../dist/sandbox.js');
const REFERENCE = 'export function total(xs: number[]): number { return xs.reduce((s, x) => s + x, 0); }\n';

describe('property checks in a run (learner and reference processes)', function () {
  this.timeout(60_000);
  const pool = new SandboxPool(SANDBOX);
  after(() => pool.dispose());
  let lesson: Lesson;

  before(async function () {
    if (!existsSync(SANDBOX)) throw new Error('dist/sandbox.js is missing: run `npm run build` first.');
    const pack = tempPack({
      'pack.json': { ...PACK, tracks: [{ id: 't', title: 'Track', lessons: ['t/total'] }] },
      't/total/lesson.json': {
        id: 't/total', title: 'Total', kind: 'code', summary: 'Sums.', minutes: 5, files: ['total.ts'], call: 'total', hints: ['a', 'b'],
        checks: [
          { name: 'agrees with the reference', type: 'property', arbitraries: [{ array: { of: { integer: { min: -50, max: 50 } }, maxLength: 8 } }], compare: 'deep-equal' },
          { name: 'within 1 of the reference', type: 'property', arbitraries: [{ array: { of: { integer: { min: -50, max: 50 } } } }], compare: 'javascript', value: 'Math.abs(actual - expected) <= 1' },
        ],
      },
      't/total/README.md': '# Total',
      't/total/starter/total.ts': 'export function total(xs: number[]): number { return 0; }\n',
      't/total/solution/total.ts': REFERENCE,
    });
    lesson = (await Catalog.load([pack], nodeFiles)).lessons[0];
  });

  async function run(source: string) {
    const dir = tempDir('ai-dojo-learner-');
    await ensureLearnerFiles(lesson, dir);
    writeFileSync(path.join(dir, 'total.ts'), source);
    return runCodeChecks({ lesson, learnerDir: dir, pool, files: nodeFiles, timeoutMs: 20_000, memoryMb: 128 });
  }

  it('passes a correct function written another way', async function () {
    const r = await run('export function total(xs: number[]) { let s = 0; for (const x of xs) s += x; return s; }\n');
    assert.equal(r.outcome, 'passed', JSON.stringify(r.checks.map((c) => c.reason)));
  });

  it('fails a function that drops negatives, with the smallest counterexample and the seed', async function () {
    const r = await run('export function total(xs: number[]) { return xs.filter((x) => x > 0).reduce((s, x) => s + x, 0); }\n');
    assert.equal(r.checks[0].status, 'failed');
    assert.match(r.checks[0].reason, /For total\(\[-1\]\) your function returned 0; the reference returns -1 \(seed -?\d+/);
    assert.equal(r.checks[1].status, 'failed', 'the javascript comparison (in the grader) sees the difference too');
  });

  it('accepts an answer within the comparison the lesson states', async function () {
    const r = await run('export function total(xs: number[]) { const s = xs.reduce((a, x) => a + x, 0); return s === 7 ? 8 : s; }\n');
    assert.equal(r.checks[1].status, 'passed', r.checks[1].reason);
  });
});
