// Adaptive repeats and the spend cap of prompt runs, end to end in core: the real openai SDK over
// HTTP to a scripted server on 127.0.0.1 that counts the calls it received and reports usage.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Catalog } from '../../src/core/lessons/catalog';
import { nodeFiles } from '../../src/core/lessons/files';
import type { Lesson } from '../../src/core/lessons/model';
import type { CaseSpec } from '../../src/core/lessons/schema';
import { OpenAiCompatibleClient } from '../../src/core/model/openaiClient';
import { startScriptedServer, type ScriptedServer } from '../../src/core/model/scriptedServer';
import { runPromptChecks, type PromptModel, type PromptRunOptions } from '../../src/core/runner/promptRunner';
import { SandboxPool } from '../../src/core/runner/sandboxPool';
import type { SpendEstimate } from '../../src/core/runner/spend';
import { JUDGE_SYSTEM_PROMPT } from '../../src/core/checks/judge';
import { PACK, tempDir, tempPack } from './helpers/tempPack';

const SANDBOX = path.resolve(__dirname, '../../dist/sandbox.js');
const PROMPT = '---\nmodel:\n  parameters:\n    max_tokens: 20\n---\nuser:\nSummarise: <ticket>{{ticket}}</ticket>\n';
const LESSON = {
  id: 't/stats',
  title: 'Stats',
  kind: 'prompt',
  summary: 'Summarise a ticket.',
  minutes: 5,
  files: ['s.prompty'],
  cases: [{ name: 'one', vars: { ticket: 'The printer is broken.' } }],
  checks: [{ name: 'starts with Summary:', type: 'starts-with', value: 'Summary:' }],
};

describe('prompt statistics: adaptive repeats and the spend cap', function () {
  let base: Lesson;
  let server: ScriptedServer;
  const pool = new SandboxPool(SANDBOX);

  before(async function () {
    const catalog = await Catalog.load([tempPack({ 'pack.json': { ...PACK, tracks: [{ id: 't', title: 'T', lessons: ['t/stats'] }] }, 't/stats/lesson.json': LESSON, 't/stats/README.md': '# S', 't/stats/starter/s.prompty': PROMPT, 't/stats/solution/s.prompty': PROMPT })], nodeFiles);
    assert.deepEqual(catalog.problems, []);
    base = catalog.lessons[0];
    server = await startScriptedServer();
  });
  after(async function () {
    pool.dispose();
    await server.close();
  });
  beforeEach(function () {
    server.requests.length = 0;
  });

  const chats = () => server.requests.filter((q) => q.path.endsWith('/chat/completions')).length;
  const withCases = (cases: CaseSpec[]) => ({ ...base, cases }) as Lesson;
  const repeated = (repeat: number, minPassRate?: number): CaseSpec => ({ name: 'repeated', vars: { ticket: 'The printer is broken.' }, repeat, ...(minPassRate !== undefined ? { minPassRate } : {}) });

  function model(overrides: Partial<PromptModel> = {}): PromptModel {
    const client = new OpenAiCompatibleClient({ baseUrl: server.baseUrl, apiKey: async () => 'sk-test', timeoutMs: 5000, maxRetries: 0 });
    return { client, chatModel: 'scripted-chat', temperature: 0.7, concurrency: 1, endpoint: server.baseUrl, ...overrides };
  }

  function run(lesson: Lesson, opts: Partial<PromptRunOptions> = {}) {
    const dir = tempDir('ai-dojo-stats-');
    return runPromptChecks({ lesson, learnerDir: dir, files: nodeFiles, sources: { [path.join(dir, 's.prompty')]: PROMPT }, model: model(), pool, gradeTimeoutMs: 5000, memoryMb: 128, ...opts });
  }

  /** Replies that pass or fail in the order given (then repeat the last). */
  function script(passes: boolean[]) {
    let n = 0;
    server.setReply(() => ({ text: passes[Math.min(n++, passes.length - 1)] ? 'Summary: fine.' : 'I will not.' }));
  }

  describe('adaptive repeats', function () {
    it('stops a case that passes every run once its interval is above minPassRate, and counts the calls saved', async function () {
      script([true]);
      const r = await run(withCases([repeated(10, 0.5)]));
      const c = r.cases![0];
      assert.equal(chats(), 4, '4/4 is [0.51, 1], wholly above 0.5');
      assert.equal(c.runs.length, 4);
      assert.equal(c.repeat, 10);
      assert.equal(c.stoppedEarly, 'pass');
      assert.equal(c.callsSaved, 6);
      assert.equal(c.status, 'passed');
      assert.equal(r.outcome, 'passed');
      assert.equal(c.stats?.runs, 4);
      assert.equal(c.stats?.passHatK, 1);
    });

    it('stops a case that fails every run from the third run', async function () {
      script([false]);
      const r = await run(withCases([repeated(10, 0.8)]));
      const c = r.cases![0];
      assert.equal(chats(), 3, '0/3 is [0, 0.56], wholly below 0.8');
      assert.equal(c.stoppedEarly, 'fail');
      assert.equal(c.callsSaved, 7);
      assert.equal(c.status, 'failed');
      assert.equal(r.outcome, 'failed');
    });

    it('uses every repeat for a case on the boundary', async function () {
      script([true, false, true, false, true, false, true, false, true, false]);
      const r = await run(withCases([repeated(10, 0.5)]));
      const c = r.cases![0];
      assert.equal(chats(), 10);
      assert.equal(c.runs.length, 10);
      assert.equal(c.stoppedEarly, undefined);
      assert.equal(c.callsSaved, undefined);
      assert.equal(c.status, 'passed', '5/10 >= 0.5');
      assert.equal(c.stats?.passes, 5);
      assert.ok(Math.abs(c.stats!.ci95.low - 0.2366) < 5e-4 && Math.abs(c.stats!.ci95.high - 0.7634) < 5e-4);
      assert.equal(c.stats?.passHatK, 0, 'pass^10 with failures is 0');
    });

    it('never stops a passing case early at the default minPassRate of 1', async function () {
      script([true]);
      const r = await run(withCases([repeated(6)]));
      assert.equal(chats(), 6);
      assert.equal(r.cases![0].stoppedEarly, undefined);
      assert.equal(r.cases![0].status, 'passed');
    });

    it('runs every repeat when adaptive repeats are off, with 8/10 giving [0.49, 0.94]', async function () {
      script([true, true, false, true, true, true, false, true, true, true]);
      const r = await run(withCases([repeated(10, 0.5)]), { adaptive: false });
      const c = r.cases![0];
      assert.equal(chats(), 10);
      assert.equal(c.stats?.passes, 8);
      assert.ok(Math.abs(c.stats!.ci95.low - 0.4902) < 5e-4 && Math.abs(c.stats!.ci95.high - 0.9433) < 5e-4);
      assert.equal(c.passRate, 0.8);
    });

    it('makes the same calls for the same answers at any concurrency', async function () {
      for (const concurrency of [1, 4]) {
        server.requests.length = 0;
        server.setReply((req) => ({ text: String(req.body.messages.at(-1).content).includes('fails') ? 'No.' : 'Summary: ok.' }));
        const r = await run(withCases([repeated(10, 0.5), { ...repeated(10, 0.8), name: 'bad', vars: { ticket: 'This one fails.' } }, { name: 'single', vars: { ticket: 'x' } }]), { model: model({ concurrency }) });
        assert.equal(chats(), 4 + 3 + 1, `concurrency ${concurrency}`);
        assert.deepEqual(r.cases!.map((c) => c.callsSaved), [6, 7, undefined]);
        assert.equal(r.cases![2].stats, undefined, 'a single run has no interval to show');
      }
    });
  });

  describe('cost', function () {
    // $0.001 a token in and out; every answer reports 10 prompt and 10 completion tokens: $0.02 a call.
    const priceUsd = (_model: string, u: { promptTokens: number; completionTokens: number }) => (u.promptTokens + u.completionTokens) / 1000;
    const priced = () => server.setReply({ text: 'Summary: fine.', usage: { promptTokens: 10, completionTokens: 10, totalTokens: 20 } });
    const five = () => withCases(['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, vars: { ticket: `Ticket ${name}.` } })));

    it('estimates the run before any call: calls, tokens and price', async function () {
      priced();
      const estimates: SpendEstimate[] = [];
      const r = await run(withCases([repeated(3), { name: 'b', vars: { ticket: 'x' } }]), { model: model({ priceUsd }), onEstimate: (e) => estimates.push(e) });
      assert.equal(estimates.length, 1);
      const [e] = estimates;
      assert.equal(e.calls, 4);
      assert.equal(e.completionTokens, 4 * 20, 'max_tokens of the prompt per call');
      assert.ok(e.promptTokens > 4 * 4 && e.promptTokens < 4 * 40, String(e.promptTokens));
      assert.ok(Math.abs(e.usd! - (e.promptTokens + e.completionTokens) / 1000) < 1e-9);
      assert.deepEqual(r.spend?.estimate, e);
      assert.ok(Math.abs(r.spend!.spentUsd - 0.08) < 1e-9, 'four calls at $0.02');
      assert.equal(r.spend?.capReached, false);
    });

    it('has no price in the estimate for a model whose price is not known', async function () {
      priced();
      const r = await run(five(), { model: model({ priceUsd: () => undefined }) });
      assert.equal(r.spend?.estimate.usd, undefined);
      assert.equal(r.spend?.unpriced, true);
    });

    it('stops cleanly at the spend cap: the cases after it are not run, the answers so far are kept', async function () {
      priced();
      // Reservations: the first call ~$0.03 (max_tokens 20 out), then ~$0.02 (10 out, as answered).
      const r = await run(five(), { model: model({ priceUsd }), spendCapUsd: 0.065 });
      assert.equal(chats(), 3, 'three calls fit under $0.065; a fourth would pass it');
      assert.ok(Math.abs(r.spend!.spentUsd - 0.06) < 1e-9);
      assert.equal(r.spend?.capReached, true);
      assert.equal(r.spend?.capUsd, 0.065);
      assert.deepEqual(r.cases!.map((c) => c.status), ['passed', 'passed', 'passed', 'not-run', 'not-run']);
      assert.equal(r.cases![0].runs[0].text, 'Summary: fine.');
      assert.match(r.cases![3].runs[0].error?.message ?? '', /^Not run: spend cap reached/);
      assert.equal(r.outcome, 'error', 'a run cut short is no verdict on the prompt');
      assert.match(r.message ?? '', /Spend cap reached: \$0\.060 spent of the \$0\.065 cap, so 2 cases did not run/);
      assert.match(r.message ?? '', /aiDojo\.model\.spendCapUsd/);
    });

    it('keeps a repeated case cut by the cap as not run, with the runs it made', async function () {
      priced();
      const r = await run(withCases([repeated(10)]), { model: model({ priceUsd }), spendCapUsd: 0.1 });
      const c = r.cases![0];
      // A further call reserves its estimated prompt (17 tokens) + 10 out, $0.027: after 4 calls ($0.08) a fifth would pass $0.1.
      assert.equal(chats(), 4);
      assert.equal(c.status, 'not-run');
      assert.equal(c.runs.length, 10, 'every planned run is listed');
      assert.equal(c.runs.filter((x) => x.pass).length, 4);
      assert.equal(c.runs.filter((x) => x.error?.kind === 'spend-cap').length, 6);
      assert.equal(c.stats?.runs, 4, 'the interval is of the runs made');
    });

    it('makes no call when the first one alone would pass the cap', async function () {
      priced();
      const r = await run(five(), { model: model({ priceUsd }), spendCapUsd: 0.001 });
      assert.equal(chats(), 0);
      assert.ok(r.cases!.every((c) => c.status === 'not-run'));
      assert.equal(r.outcome, 'error');
    });

    describe('judge calls (llm-rubric)', function () {
      const rubric = { name: 'is a summary', type: 'llm-rubric', value: 'The output summarises the ticket.' };
      const judged = (verdict = '{"pass": true, "score": 1, "reason": "It summarises."}') =>
        server.setReply((req) => ({ text: String(req.body?.messages?.[0]?.content ?? '').startsWith(JUDGE_SYSTEM_PROMPT.slice(0, 30)) ? verdict : 'Summary: fine.', usage: { promptTokens: 10, completionTokens: 10, totalTokens: 20 } }));
      const withRubric = (lesson: Lesson, check: object = rubric) => ({ ...lesson, checks: [...lesson.checks, check] }) as Lesson;

      it('are in the estimate and in the spend', async function () {
        judged();
        const r = await run(withRubric(five()), { model: model({ priceUsd }) });
        assert.equal(r.spend?.estimate.calls, 10, 'five answers and five verdicts');
        assert.equal(chats(), 10);
        assert.ok(Math.abs(r.spend!.spentUsd - 0.2) < 1e-9, `ten calls at $0.02, got ${r.spend!.spentUsd}`);
        assert.equal(r.outcome, 'passed');
      });

      it('stop at the spend cap like answers: what was spent stays under it, every call is counted', async function () {
        judged();
        // Five answers alone ($0.10) fit under $0.15; with their verdicts ($0.20) they would not.
        const r = await run(withRubric(five()), { model: model({ priceUsd }), spendCapUsd: 0.15 });
        assert.ok(chats() < 10, `${chats()} calls`);
        assert.ok(r.spend!.spentUsd <= 0.15, String(r.spend!.spentUsd));
        assert.ok(Math.abs(r.spend!.spentUsd - chats() * 0.02) < 1e-9, 'the verdicts are paid for and counted');
        assert.equal(r.spend?.capReached, true);
        assert.equal(r.outcome, 'error');
        const unjudged = r.cases!.flatMap((c) => c.runs).filter((x) => x.error?.message === 'Not judged: spend cap reached.');
        for (const x of unjudged) assert.equal(x.text, 'Summary: fine.', 'an unjudged answer is kept');
        assert.ok(r.cases!.some((c) => c.status === 'not-run'));
      });

      it('a negated model check that cannot judge fails: no verdict, no price, no embeddings', async function () {
        judged('I would rather not say.');
        const lesson = { ...base, checks: [...base.checks, { ...rubric, type: 'not-llm-rubric' }, { name: 'cheap', type: 'not-cost', threshold: 1 }, { name: 'unlike', type: 'not-similar', value: 'x' }] } as Lesson;
        const r = await run(lesson, { model: model({ priceUsd: () => undefined }) });
        const checks = r.cases![0].runs[0].checks.slice(1);
        assert.deepEqual(checks.map((k) => k.status), ['failed', 'failed', 'failed']);
        assert.match(checks[0].reason, /did not reply with JSON/);
        assert.match(checks[1].reason, /price of this model is not known/);
        assert.match(checks[2].reason, /needs embeddings/);
        assert.equal(r.outcome, 'failed');
      });
    });

    it('does not cap a run without a cap', async function () {
      priced();
      const r = await run(five(), { model: model({ priceUsd }) });
      assert.equal(chats(), 5);
      assert.equal(r.spend?.capUsd, undefined);
      assert.equal(r.outcome, 'passed');
    });
  });
});
