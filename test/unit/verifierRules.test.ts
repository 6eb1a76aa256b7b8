// The verifier's rules, right variants and authoring messages (issue 10 parts 3 and 6, issue 12
// part 8), on small temporary packs.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { PackReport } from '../../src/core/verify/types';
import { ADD_LESSON, PACK, tempDir, tempPack } from './helpers/tempPack';

const DIST = path.resolve(__dirname, '../../dist');
const GOOD = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
const STARTER = 'export function add(a: number, b: number): number {\n  return 0;\n}\n';
const MINUS = GOOD.replace('a + b', 'a - b');
/** Wrong only for negative numbers: caught by "adds negatives" alone. */
const ABS = GOOD.replace('a + b', 'Math.abs(a) + Math.abs(b)');

/** What `verify --record-mistakes` records for MINUS. */
const MINUS_FAILS = ['adds small numbers', 'adds negatives'];

const RULES = [
  { id: 'sum', text: 'Returns the sum of the two numbers.' },
  { id: 'negatives', text: 'Negative numbers count as they are.' },
];
const RULED_CHECKS = [
  { name: 'adds small numbers', args: [1, 2], type: 'equals', value: 3, rules: ['sum'] },
  { name: 'adds negatives', args: [-1, -2], type: 'equals', value: -3, rules: ['sum', 'negatives'] },
];

function codeLesson(id: string, manifest: object, files: Record<string, string>): Record<string, string | object> {
  return {
    [`${id}/lesson.json`]: { ...ADD_LESSON, id, ...manifest },
    [`${id}/README.md`]: '# Add',
    [`${id}/starter/add.ts`]: STARTER,
    [`${id}/solution/add.ts`]: GOOD,
    ...Object.fromEntries(Object.entries(files).map(([rel, src]) => [`${id}/${rel}`, src])),
  };
}

function pack(lessons: string[], files: Record<string, string | object>): string {
  return tempPack({ 'pack.json': { ...PACK, tracks: [{ id: 't', title: 'T', lessons }] }, ...files });
}

async function verify(args: string[]): Promise<{ code: number; out: string; report: PackReport }> {
  const lines: string[] = [];
  const json = path.join(tempDir('ai-dojo-report-'), 'report.json');
  const code = await main(['verify', ...args, '--json', json], { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {}, distDir: DIST });
  return { code, out: lines.join('\n'), report: JSON.parse(readFileSync(json, 'utf8')) as PackReport };
}

describe('lesson verifier: rules, right variants, authoring messages', function () {
  this.timeout(60_000);
  before(function () {
    assert.ok(existsSync(path.join(DIST, 'sandbox.js')), 'dist/sandbox.js is missing: run `npm run build` first.');
  });

  it('reports each rule with its checks and wrong solutions, and which checks each wrong solution fails', async function () {
    const root = pack(['t/add'], codeLesson('t/add', {
      rules: RULES,
      checks: RULED_CHECKS,
      wrong: { minus: { why: 'Subtracts.', rules: ['sum'], fails: MINUS_FAILS }, abs: { why: 'Drops the signs.', rules: ['negatives'], fails: ['adds negatives'] } },
    }, { 'wrong/minus/add.ts': MINUS, 'wrong/abs/add.ts': ABS, 'right/loop/add.ts': GOOD.replace('return a + b;', 'let t = a;\n  t += b;\n  return t;') }));
    const { code, out, report } = await verify([root, '--verbose']);
    assert.equal(code, 0, out);
    const l = report.lessons[0];
    assert.deepEqual(l.rules, [
      { id: 'sum', text: RULES[0].text, checks: ['adds small numbers', 'adds negatives'], wrong: ['minus'] },
      { id: 'negatives', text: RULES[1].text, checks: ['adds negatives'], wrong: ['abs'] },
    ]);
    assert.deepEqual(l.wrong.map((w) => [w.name, w.failedChecks, w.rules, w.why]), [
      ['abs', ['adds negatives'], ['negatives'], 'Drops the signs.'],
      ['minus', ['adds small numbers', 'adds negatives'], ['sum'], 'Subtracts.'],
    ]);
    assert.deepEqual(l.right, [{ name: 'loop', passed: true, failures: [] }]);
    assert.deepEqual(l.warnings, []);
    assert.match(out, /✔ t\/add\s+2 checks · starter fails 2\/2 · 2\/2 wrong caught · right variants: 1 ✔ · rules 2 covered/);
    assert.match(out, /^ {4}rule negatives: Negative numbers count as they are\. · checks: adds negatives · wrong: abs$/m);
    assert.match(out, /^ {4}wrong abs \(breaks negatives\): fails adds negatives$/m);
    assert.match(out, /^ {4}right loop: passes$/m);
    const quiet = await verify([root]);
    assert.doesNotMatch(quiet.out, /^ {4}rule /m, 'rule lines only with --verbose');
  });

  it('fails a lesson whose rule has no check or no wrong solution, or that names an unknown rule', async function () {
    const root = pack(['t/a', 't/b'], {
      ...codeLesson('t/a', {
        rules: [...RULES, { id: 'order', text: 'The order of the arguments does not matter.' }],
        checks: RULED_CHECKS,
        wrong: { minus: { why: 'Subtracts.', rules: ['sum'], fails: MINUS_FAILS } },
      }, { 'wrong/minus/add.ts': MINUS }),
      ...codeLesson('t/b', {
        rules: RULES,
        checks: [{ ...RULED_CHECKS[0], rules: ['sum', 'sums'] }, RULED_CHECKS[1]],
        wrong: { minus: { why: 'Subtracts.', rules: ['sum', 'negatives', 'signs'], fails: MINUS_FAILS } },
      }, { 'wrong/minus/add.ts': MINUS }),
    });
    const { code, report } = await verify([root]);
    assert.equal(code, 1);
    const [a, b] = report.lessons;
    assert.equal(a.ok, false);
    assert.deepEqual(a.problems, [
      'Rule "negatives" (Negative numbers count as they are) has no wrong solution: add wrong/<mistake>/ that breaks it and list "negatives" in lesson.json wrong["<mistake>"].rules.',
      'Rule "order" (The order of the arguments does not matter) has no check: list "order" in the `rules` of the checks that test it.',
      'Rule "order" (The order of the arguments does not matter) has no wrong solution: add wrong/<mistake>/ that breaks it and list "order" in lesson.json wrong["<mistake>"].rules.',
    ]);
    assert.deepEqual(b.problems, [
      'The check "adds small numbers" names the rule "sums", which lesson.json rules does not list.',
      'wrong["minus"] names the rule "signs", which lesson.json rules does not list.',
    ]);
  });

  it('warns about a lesson without rules, a wrong folder without an entry, an entry without a folder, and a rule its wrong solution does not trip', async function () {
    const root = pack(['t/a', 't/b'], {
      ...codeLesson('t/a', {}, { 'wrong/minus/add.ts': MINUS }),
      // abs breaks "sum" too, says its entry, yet the one check of "sum" passes on it.
      ...codeLesson('t/b', { rules: RULES, checks: [RULED_CHECKS[0], { ...RULED_CHECKS[1], rules: ['negatives'] }], wrong: { ghost: { why: 'Not there.' }, abs: { why: 'Drops signs.', rules: ['negatives', 'sum'], fails: ['adds negatives'] }, minus: { why: 'Subtracts.', rules: ['sum'], fails: MINUS_FAILS } } }, {
        'wrong/abs/add.ts': ABS,
        'wrong/minus/add.ts': MINUS,
      }),
    });
    const { code, report } = await verify([root]);
    assert.equal(code, 0, JSON.stringify(report.lessons.map((l) => l.problems)));
    assert.deepEqual(report.lessons[0].warnings, [
      'wrong/minus/ has no explanation: add "wrong": {"minus": {"why": "…", "rules": […]}} to lesson.json.',
      'No rules: list what the README states in lesson.json `rules`, and name them on the checks that cover them and the wrong solutions that break them.',
    ]);
    assert.deepEqual(report.lessons[1].warnings, [
      'lesson.json wrong["ghost"] names no folder: there is no wrong/ghost/.',
      'wrong/abs/ breaks rule "sum", but none of its checks (adds small numbers) fail on it: it is caught by adds negatives.',
    ]);
  });

  it('fails a right variant that does not pass, and says which checks reject it', async function () {
    const root = pack(['t/add'], codeLesson('t/add', {}, { 'wrong/minus/add.ts': MINUS, 'right/abs/add.ts': ABS, 'right/swap/add.ts': GOOD.replace('a + b', 'b + a') }));
    const { code, out, report } = await verify([root]);
    assert.equal(code, 1);
    assert.deepEqual(report.lessons[0].right?.map((r) => [r.name, r.passed]), [['abs', false], ['swap', true]]);
    assert.match(out, /right variants: 1\/2 ✔/);
    assert.match(out, /✘ The right variant "abs" fails, so the checks reject a correct answer: adds negatives: /);
  });

  describe('prompt lessons', function () {
    const lesson = {
      id: 't/yes', title: 'Yes', kind: 'prompt', summary: 'Say yes.', minutes: 5, files: ['p.prompty'], hints: ['a', 'b'],
      rules: [{ id: 'asks', text: 'The prompt asks for yes.' }],
      staticChecks: [{ name: 'asks for yes', type: 'icontains', value: 'yes', rules: ['asks'] }],
      checks: [{ name: 'says yes', type: 'equals', value: 'yes' }, { name: 'short', type: 'word-count', max: 3 }],
      cases: [{ name: 'one', vars: { q: 'Q1' } }, { name: 'two', vars: { q: 'Q2' } }],
      wrong: { 'no-yes': { why: 'Never asks for yes.', rules: ['asks'] } },
    };
    const files = (replies: object | undefined, right: Record<string, string>) => ({
      't/yes/lesson.json': lesson,
      't/yes/README.md': '# Yes',
      't/yes/starter/p.prompty': 'user:\n{{q}}\n',
      't/yes/solution/p.prompty': 'user:\n{{q}} Answer yes.\n',
      't/yes/wrong/no-yes/p.prompty': 'user:\n{{q}} Answer.\n',
      ...(replies ? { 't/yes/verify/replies.json': replies } : {}),
      ...Object.fromEntries(Object.entries(right).map(([n, text]) => [`t/yes/right/${n}/p.prompty`, text])),
    });

    it('counts checks as the panel does, grades right variants with their own replies, and warns about reply keys that name no case', async function () {
      const replies = {
        reference: { one: 'yes', two: 'yes', three: 'yes' },
        wrong: { one: 'no', 'no-yes': 'no' },
        right: { shouting: { one: { text: 'yes' }, two: 'YES!' }, polite: { one: 'yes', eleven: 'yes' }, missing: { one: 'yes' } },
      };
      const root = pack(['t/yes'], files(replies, {
        shouting: 'user:\n{{q}} ANSWER YES.\n',
        polite: 'user:\n{{q}} Please answer yes.\n',
      }));
      const { code, out, report } = await verify([root, '--verbose']);
      assert.equal(code, 1, out);
      const l = report.lessons[0];
      // The panel says "n of 3 checks passed": 1 static check + 2 cases (not 1 + 2 x 2).
      assert.equal(l.checks, 3);
      assert.match(out, /t\/yes\s+3 checks · starter fails 1\/3/);
      assert.deepEqual(l.right?.map((r) => [r.name, r.passed]), [['polite', true], ['shouting', false]]);
      assert.match(out, /✘ The right variant "shouting" fails, so the checks reject a correct answer: .*two: says yes: /);
      assert.deepEqual(l.warnings.filter((w) => w.startsWith('verify/replies.json')), [
        'verify/replies.json reference["three"] names no case (cases: "one", "two"), so it is never used.',
        'verify/replies.json wrong["no-yes"] names no case (cases: "one", "two"), so it is never used. "no-yes" is a wrong solution: its replies are not recorded, "wrong" replies are keyed by case name and all sent in one run',
        'verify/replies.json right["shouting"]["one"] is not a string: a reply is the model\'s text for that case.',
        'verify/replies.json right["polite"]["eleven"] names no case (cases: "one", "two"), so it is never used.',
        'verify/replies.json right["missing"] names no right variant: there is no right/missing/.',
      ]);
      assert.ok(l.warnings.includes('Only 2 right variants under right/<name>/: a prompt lesson should have at least 3 (the same instructions in other words), to show its checks accept more than one wording.'));
      const fromReplies = l.wrong.find((w) => w.name === 'verify/replies.json wrong replies');
      assert.deepEqual(fromReplies?.failedChecks, ['one › says yes']);
      assert.deepEqual(l.wrong.find((w) => w.name === 'no-yes')?.failedChecks, ['asks for yes']);
    });

    it('warns when a prompt lesson has no verify/replies.json', async function () {
      const { report } = await verify([pack(['t/yes'], files(undefined, {}))]);
      assert.ok(report.lessons[0].warnings.some((w) => w.startsWith('No verify/replies.json: the output checks were verified on no model')), JSON.stringify(report.lessons[0].warnings));
      assert.ok(report.lessons[0].warnings.some((w) => w.startsWith('No right variants under right/<name>/')));
    });
  });

  it('warns about a lesson folder that pack.json does not list, without failing the pack', async function () {
    const root = pack(['t/add'], {
      ...codeLesson('t/add', {}, { 'wrong/minus/add.ts': MINUS }),
      ...codeLesson('t/forgotten', {}, {}),
      'deep/er/lesson/lesson.json': { id: 'deep/er/lesson' },
    });
    const { code, out, report } = await verify([root]);
    assert.equal(code, 0, out);
    assert.deepEqual(report.warnings, [
      'deep/er/lesson/lesson.json is not listed in pack.json: add "deep/er/lesson" to a track\'s "lessons", or learners never see it.',
      't/forgotten/lesson.json is not listed in pack.json: add "t/forgotten" to a track\'s "lessons", or learners never see it.',
    ]);
    assert.match(out, /^! t\/forgotten\/lesson\.json is not listed in pack\.json/m);
  });
});
