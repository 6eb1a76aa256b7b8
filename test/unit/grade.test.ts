// `ai-dojo grade` on a folder of attempts made from the built-in pack: the reference passes,
// a wrong solution and the starter fail, a prompt lesson "needs a model" without one and passes
// on a (scripted) model; the JSON and the JUnit XML say so, check by check.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { jobsFor, parseGradeArgs } from '../../src/cli/gradeCli';
import { main } from '../../src/cli/main';
import { xmlAttr, xmlText } from '../../src/core/grade/junit';
import type { GradeReport } from '../../src/core/grade/types';
import { startScriptedServer } from '../../src/core/model/scriptedServer';
import { tempDir } from './helpers/tempPack';

/** sax (strict mode throws on XML that is not well-formed), already installed with @vscode/vsce; typed here. */
interface SaxTag {
  name: string;
  attributes: Record<string, string>;
}
interface SaxParser {
  onerror: (e: Error) => void;
  onopentag: (tag: SaxTag) => void;
  ontext: (text: string) => void;
  write(xml: string): { close(): void };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sax = require('sax') as { parser(strict: boolean): SaxParser };

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const PACK = path.join(ROOT, 'lessons');

/** A learner's repository: ai-dojo/<lesson-id>/ folders as the extension writes them. */
function attempts(): string {
  const repo = tempDir('ai-dojo-learner-');
  const put = (from: string, id: string) => {
    const to = path.join(repo, 'ai-dojo', ...id.split('/'));
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(path.join(PACK, ...id.split('/'), from), to, { recursive: true });
  };
  put('solution', 'rag/chunker');
  put('wrong/sort-ascending', 'rag/cosine-topk');
  put('starter', 'rag/bm25');
  put('solution', 'prompt/delimiters');
  return repo;
}

interface Run {
  code: number;
  out: string;
  report: GradeReport;
  junit: string;
}

async function grade(learner: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const dir = tempDir('ai-dojo-grade-out-');
  const [json, junit] = [path.join(dir, 'r.json'), path.join(dir, 'out', 'junit.xml')];
  const lines: string[] = [];
  const code = await main(['grade', learner, '--pack', PACK, '--json', json, '--junit', junit, ...extra], { out: (l) => lines.push(l), err: (l) => lines.push(l), env, distDir: DIST });
  const out = lines.join('\n');
  assert.ok(existsSync(json), `no JSON report:\n${out}`);
  return { code, out, report: JSON.parse(readFileSync(json, 'utf8')) as GradeReport, junit: readFileSync(junit, 'utf8') };
}

interface Suite {
  name: string;
  attrs: Record<string, string>;
  cases: { name: string; classname: string; failure?: string; error?: string; skipped?: string }[];
}

/** Parses JUnit XML strictly (sax throws on anything that is not well-formed XML). */
function parseJUnit(xml: string): { root: Record<string, string>; suites: Suite[] } {
  const parser = sax.parser(true);
  const suites: Suite[] = [];
  let root: Record<string, string> = {};
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (tag) => {
    const attrs = tag.attributes;
    const suite = suites.at(-1);
    if (tag.name === 'testsuites') root = attrs;
    else if (tag.name === 'testsuite') suites.push({ name: attrs.name, attrs, cases: [] });
    else if (tag.name === 'testcase') suite?.cases.push({ name: attrs.name, classname: attrs.classname });
    else if (tag.name === 'failure' || tag.name === 'error' || tag.name === 'skipped') {
      const c = suite?.cases.at(-1);
      if (c) c[tag.name as 'failure' | 'error' | 'skipped'] = attrs.message;
    }
  };
  parser.write(xml).close();
  return { root, suites };
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('ai-dojo grade', function () {
  this.timeout(120_000);
  before(function () {
    assert.ok(existsSync(path.join(DIST, 'sandbox.js')), 'dist/sandbox.js is missing: run `npm run build` first.');
  });

  it('grades a folder of attempts: JSON per lesson and check, valid JUnit XML, exit 1, the checkout untouched', async function () {
    const repo = attempts();
    const before = files(repo);
    const { code, out, report, junit } = await grade(repo);
    assert.equal(code, 1, out);
    const byId = Object.fromEntries(report.lessons.map((l) => [l.id, l]));
    assert.equal(byId['rag/chunker'].status, 'passed', out);
    assert.equal(byId['rag/chunker'].passed, byId['rag/chunker'].total);
    assert.equal(byId['rag/cosine-topk'].status, 'failed');
    assert.ok(byId['rag/cosine-topk'].checks.some((c) => c.status === 'failed' && c.reason.length > 0));
    assert.equal(byId['rag/bm25'].status, 'failed');
    assert.equal(byId['rag/bm25'].passed, 0);
    assert.match(byId['rag/bm25'].checks[0].reason, /TODO/);
    // No model: the offline checks ran and passed, the cases wait for one. Not a failure.
    const prompt = byId['prompt/delimiters'];
    assert.equal(prompt.status, 'needs-model');
    assert.ok(prompt.checks.filter((c) => c.kind === 'static').every((c) => c.status === 'passed'));
    assert.ok(prompt.checks.filter((c) => c.kind === 'case').every((c) => c.status === 'needs-model'));
    assert.match(prompt.message ?? '', /AI_DOJO_VERIFY_BASE_URL/);
    assert.equal(byId['rag/vector-index'].status, 'not-attempted');
    assert.deepEqual({ ...report.counts, 'not-attempted': 0 }, { passed: 1, failed: 2, 'needs-model': 1, 'not-attempted': 0 });
    assert.equal(report.ok, false);
    assert.match(out, /^✔ rag\/chunker {2}\d+\/\d+ checks/m);
    assert.match(out, /^✘ rag\/cosine-topk/m);
    assert.match(out, /^○ prompt\/delimiters {2}needs a model/m);
    assert.match(out, /^FAILED: 1 passed, 2 failed, 1 need a model, \d+ not attempted/m);
    // The grader ran on copies: no file was added, changed in name or removed.
    assert.deepEqual(files(repo), before);

    const { root, suites } = parseJUnit(junit);
    assert.equal(suites.length, report.lessons.length, 'a testsuite per lesson');
    for (const lesson of report.lessons.filter((l) => l.checks.length)) {
      const suite = suites.find((s) => s.name === lesson.id);
      assert.ok(suite, lesson.id);
      assert.equal(suite.cases.length, lesson.checks.length, `${lesson.id}: a testcase per check`);
      assert.equal(Number(suite.attrs.tests), lesson.checks.length);
      assert.equal(Number(suite.attrs.failures), lesson.checks.filter((c) => c.status === 'failed').length);
      for (const [i, c] of lesson.checks.entries()) {
        if (c.status === 'failed') assert.equal(suite.cases[i].failure, c.reason, `${lesson.id}: the failure message is the reason`);
        else if (c.status === 'needs-model') assert.match(suite.cases[i].skipped ?? '', /Needs a model/);
        else if (c.status === 'passed') assert.deepEqual([suite.cases[i].failure, suite.cases[i].error, suite.cases[i].skipped], [undefined, undefined, undefined]);
      }
    }
    const total = suites.reduce((s, x) => s + x.cases.length, 0);
    assert.equal(Number(root.tests), total);
    assert.equal(Number(root.failures), suites.reduce((s, x) => s + x.cases.filter((c) => c.failure !== undefined).length, 0));
  });

  it('--lesson filters, takes the ai-dojo/ folder itself, and fails a named lesson with no folder', async function () {
    const repo = attempts();
    const one = await grade(path.join(repo, 'ai-dojo'), ['--lesson', 'rag/chunker']);
    assert.equal(one.code, 0, one.out);
    assert.deepEqual(one.report.lessons.map((l) => [l.id, l.status]), [['rag/chunker', 'passed']]);
    assert.match(one.out, /^OK: 1 passed, 0 failed/m);
    const missing = await grade(repo, ['--lesson', 'rag/vector-index', '--lesson', 'rag/chunker']);
    assert.equal(missing.code, 1);
    const vi = missing.report.lessons.find((l) => l.id === 'rag/vector-index');
    assert.equal(vi?.status, 'failed');
    assert.match(vi?.message ?? '', /No rag\/vector-index\/ .* asked for with --lesson/);
    assert.equal(parseJUnit(missing.junit).suites.find((s) => s.name === 'rag/vector-index')?.cases[0].failure, vi?.message);
  });

  it('runs a prompt lesson’s cases on the model set by AI_DOJO_VERIFY_* (here a scripted one) and passes it', async function () {
    const replies = JSON.parse(readFileSync(path.join(PACK, 'prompt', 'delimiters', 'verify', 'replies.json'), 'utf8')) as { reference: Record<string, string> };
    const cases = (JSON.parse(readFileSync(path.join(PACK, 'prompt', 'delimiters', 'lesson.json'), 'utf8')) as { cases: { name: string; vars: { ticket: string | object } }[] }).cases;
    const ticketOf = (c: (typeof cases)[number]) => (typeof c.vars.ticket === 'string' ? c.vars.ticket : readFileSync(path.join(PACK, 'prompt', 'delimiters', (c.vars.ticket as { $fixture: string }).$fixture), 'utf8'));
    const server = await startScriptedServer({
      acceptAnyModel: true,
      reply: (req) => {
        const text = JSON.stringify(req.body?.messages ?? '');
        const c = cases.find((k) => text.includes(JSON.stringify(ticketOf(k).trim()).slice(1, -1).slice(0, 60)));
        return { text: c ? replies.reference[c.name] : '' };
      },
    });
    try {
      const repo = attempts();
      const secret = 'sk-grade-test-secret';
      const r = await grade(repo, ['--lesson', 'prompt/delimiters'], { AI_DOJO_VERIFY_BASE_URL: server.baseUrl, AI_DOJO_VERIFY_MODEL: 'scripted-chat', AI_DOJO_VERIFY_API_KEY: secret });
      assert.equal(r.code, 0, r.out);
      const [lesson] = r.report.lessons;
      assert.equal(lesson.status, 'passed', JSON.stringify(lesson.checks, null, 2));
      assert.ok(lesson.checks.filter((c) => c.kind === 'case').length >= 1);
      assert.deepEqual(r.report.model, { baseUrl: server.baseUrl, model: 'scripted-chat' });
      assert.ok(!r.out.includes(secret) && !JSON.stringify(r.report).includes(secret), 'the key is never printed');
    } finally {
      await server.close();
    }
  });

  it('says what is wrong with its arguments (exit 2)', async function () {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), env: {}, distDir: DIST };
    assert.equal(await main(['grade'], io), 2);
    assert.match(lines.join('\n'), /Name the learner folder/);
    assert.equal(await main(['grade', tempDir(), '--pack', PACK], io), 2);
    assert.match(lines.join('\n'), /No lesson folders found in .*: expected ai-dojo\/<lesson-id>\/ folders/);
    assert.match(String(parseGradeArgs(['x', '--jobs', '0'])), /--jobs takes a whole number from 1 to 64/);
    assert.match(String(parseGradeArgs(['x', '--timeout'])), /--timeout needs a value/);
    assert.equal(await main(['grade', '--help'], io), 0);
    assert.match(lines.join('\n'), /--junit <file>/);
  });

  it('--jobs is bounded by the cores; the default is half of them', function () {
    assert.deepEqual(jobsFor(undefined, 8), { jobs: 4 });
    assert.deepEqual(jobsFor(undefined, 1), { jobs: 1 });
    assert.deepEqual(jobsFor(3, 8), { jobs: 3 });
    const capped = jobsFor(16, 4);
    assert.equal(capped.jobs, 4);
    assert.match(capped.note ?? '', /more than the 4 CPU core/);
  });

  it('escapes text for XML: markup, quotes, line breaks kept, characters XML cannot hold dropped', function () {
    const nasty = 'a <b> & "c" \'d\'\nline\u0000\u001b[31m \ud800 end';
    let seen: string | undefined;
    let text = '';
    const parser = sax.parser(true);
    parser.onerror = (e) => {
      throw e;
    };
    parser.onopentag = (t) => (seen = t.attributes.m);
    parser.ontext = (t) => (text += t);
    parser.write(`<x m="${xmlAttr(nasty)}">${xmlText(nasty)}</x>`).close();
    assert.equal(seen, 'a <b> & "c" \'d\'\nline[31m  end');
    assert.equal(text, seen);
  });
});
