// Every built-in lesson is verified. Code lessons: the reference solution passes every check,
// the starter loads and fails at least one, every wrong solution kept under wrong/<name>/ (a
// common mistake; only the files that differ from the solution) fails at least one. Prompt lessons: the same for the prompt files, with the
// model played by a scripted OpenAI-compatible server on 127.0.0.1 answering the replies in
// verify/replies.json (the pipeline is verified in CI; a live model is the learner's).
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import { resolveFixtures } from '../../src/core/lessons/fixtures';
import type { Lesson } from '../../src/core/lessons/model';
import type { CaseSpec } from '../../src/core/lessons/schema';
import { OpenAiCompatibleClient } from '../../src/core/model/openaiClient';
import { startScriptedServer, type ScriptedServer } from '../../src/core/model/scriptedServer';
import { OfflineEmbedder } from '../../src/core/embeddings/offlineEmbedder';
import { runCodeChecks } from '../../src/core/runner/codeRunner';
import { runPromptChecks } from '../../src/core/runner/promptRunner';
import type { RunResult } from '../../src/core/runner/result';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
import { tempDir } from './helpers/tempPack';

const ROOT = path.resolve(__dirname, '../..');
const SANDBOX = path.join(ROOT, 'dist', 'sandbox.js');
const PACK = path.join(ROOT, 'lessons');
const pool = new SandboxPool(SANDBOX);
// Retrieval lessons embed with the real offline model shipped in the extension.
const embedder = new OfflineEmbedder(path.join(ROOT, 'dist', 'embedder.js'), path.join(ROOT, 'dist', 'models', 'use-lite'));
let server: ScriptedServer;
/** Replies the scripted model gives, per case name, for the lesson being verified. */
let replies: Record<string, string> = {};
let cases: CaseSpec[] = [];

before(async function () {
  server = await startScriptedServer({
    acceptAnyModel: true,
    // Which case is this? The one whose variable values all appear in the request.
    reply: (req) => {
      const text = JSON.stringify(req.body?.messages ?? '');
      const c = cases.find((k) => Object.values(k.vars).every((v) => text.includes(JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v)).slice(1, -1))));
      return { text: c ? (replies[c.name] ?? '') : '' };
    },
  });
});
after(async function () {
  pool.dispose();
  embedder.dispose();
  await server.close();
});

/** Runs the checks on a variant folder; `over` is copied first (a wrong/ variant holds only the files that differ). */
async function runVariant(lesson: Lesson, variantDir: string, over?: string): Promise<RunResult> {
  const dir = tempDir('ai-dojo-verify-');
  if (over) cpSync(over, dir, { recursive: true });
  cpSync(variantDir, dir, { recursive: true });
  if (lesson.kind === 'code') {
    const ai = { embed: (texts: string[]) => embedder.embed(texts), chat: async () => ({ text: '' }) };
    return runCodeChecks({ lesson, learnerDir: dir, pool, files: nodeFiles, timeoutMs: 30_000, memoryMb: 512, ai });
  }
  const client = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, apiKey: async () => undefined, timeoutMs: 10_000, maxRetries: 0 });
  return runPromptChecks({ lesson, learnerDir: dir, files: nodeFiles, model: { client, chatModel: 'scripted-chat', temperature: 0, concurrency: 4, endpoint: 'verify' }, pool, gradeTimeoutMs: 10_000, memoryMb: 256 });
}

function failures(r: RunResult): string {
  const caseFailures = (r.cases ?? []).flatMap((c) => c.runs.flatMap((run) => [run.error?.message, ...run.checks.filter((k) => k.status !== 'passed').map((k) => `${c.name}: ${k.name}: ${k.reason}`)]));
  return [r.message, ...r.checks.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.reason}`), ...caseFailures].filter(Boolean).join('\n  ');
}

/** Read at definition time, so that tests only prompt lessons need are only defined for them. */
function kindOf(id: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(path.join(PACK, ...id.split('/'), 'lesson.json'), 'utf8')) as { kind?: string }).kind;
  } catch {
    return undefined;
  }
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
      let verify: { reference: Record<string, string>; wrong: Record<string, string> } | undefined;
      before(async function () {
        const found = catalog.find(id);
        assert.ok(found, `${id} is listed in pack.json and loads`);
        lesson = found;
        if (lesson.kind === 'prompt') {
          verify = JSON.parse(readFileSync(path.join(lesson.dir, 'verify', 'replies.json'), 'utf8'));
          cases = (await resolveFixtures(lesson.cases ?? [], lesson.dir, nodeFiles)) as CaseSpec[];
        }
      });
      beforeEach(function () {
        replies = verify?.reference ?? {};
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
        assert.equal(r.outcome, 'failed', `the starter must load and fail checks, not ${r.outcome}: ${r.message ?? ''}`);
        assert.ok(r.passed < r.total);
      });

      if (kindOf(id) === 'prompt') {
        it('wrong model answers fail at least one output check', async function () {
          assert.ok(verify?.wrong && Object.keys(verify.wrong).length, 'verify/replies.json has wrong replies');
          replies = { ...verify.reference, ...verify.wrong };
          const r = await runVariant(lesson, path.join(lesson.dir, 'solution'));
          assert.notEqual(r.outcome, 'passed', 'the output checks let wrong answers through');
          assert.ok(r.cases?.some((c) => c.status === 'failed'));
        });
      }

      const wrongDir = path.join(PACK, ...id.split('/'), 'wrong');
      const wrong = existsSync(wrongDir) ? readdirSync(wrongDir) : [];
      it('has at least two wrong solutions as fixtures', function () {
        assert.ok(wrong.length >= 2, `wrong/ holds ${wrong.length}`);
      });
      for (const name of wrong) {
        it(`wrong solution "${name}" fails at least one check`, async function () {
          const r = await runVariant(lesson, path.join(wrongDir, name), path.join(lesson.dir, 'solution'));
          assert.ok(r.outcome !== 'passed', `${name} passed every check: the checks miss this mistake`);
        });
      }
    });
  }
});
