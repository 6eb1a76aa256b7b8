// Ask for a Hint: the leak guard (a reference line never reaches the learner, whole or growing),
// the request (reference only in the system message) and the retry/withhold flow over real HTTP
// to the scripted server through the openai SDK.
import { strict as assert } from 'node:assert';
import * as fc from 'fast-check';
import { askHint } from '../../src/core/hints/askHint';
import { hintMessages, RETRY_NOTE } from '../../src/core/hints/hintPrompt';
import { guardedLines, LeakGuard, normalizeLine } from '../../src/core/hints/leakGuard';
import { ModelError } from '../../src/core/model/errors';
import { OpenAiCompatibleClient } from '../../src/core/model/openaiClient';
import { startScriptedServer, type ScriptedServer } from '../../src/core/model/scriptedServer';

const REFERENCE = ['export function dedupe(xs: string[]): string[] {', '  const seen = new Set<string>();', '  return xs.filter((x) => (seen.has(x) ? false : (seen.add(x), true)));', '}'].join('\n');
const STARTER = 'export function dedupe(xs: string[]): string[] {\n  return xs;\n}';
const GOOD = 'Look at what your function keeps when a value comes back a second time. Which structure lets you ask **"have I seen this?"** in one step?';
const LEAK = 'Try this:\n```ts\nconst seen = new Set<string>();\n```\nthen filter.';

/** Everything the guard let through, piece by piece, and whether it reported a leak. */
function stream(lines: string[], pieces: string[]): { shown: string; leak?: string } {
  const g = new LeakGuard(lines);
  for (const p of pieces) {
    const s = g.push(p);
    if (s.leak) return { shown: g.shown, leak: s.leak };
  }
  const end = g.finish();
  return { shown: g.shown, leak: end.leak };
}

/** Cuts `text` at the given points (sorted, deduplicated, within bounds). */
function cut(text: string, at: number[]): string[] {
  const points = [...new Set(at.map((i) => i % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) {
    out.push(text.slice(from, p));
    from = p;
  }
  out.push(text.slice(from));
  return out;
}

describe('model hints: the leak guard', () => {
  it('guards the reference lines that mean something and that the learner cannot already see', () => {
    const lines = guardedLines([REFERENCE], [STARTER]);
    assert.deepEqual(lines, ['const seen = new Set<string>();', 'return xs.filter((x) => (seen.has(x) ? false : (seen.add(x), true)));']);
  });

  it('a line the instructions or the learner already show is not guarded; whitespace does not matter', () => {
    const lines = guardedLines(['  const   seen = new Set<string>();\n'], ['Hint: `const seen = new Set<string>();` is one way.']);
    assert.deepEqual(lines, []);
  });

  it('stops a reply at the guarded line, and shows no part of it while it streams', () => {
    const lines = guardedLines([REFERENCE], [STARTER]);
    const shownSteps: string[] = [];
    const g = new LeakGuard(lines);
    let leak: string | undefined;
    for (const piece of LEAK.match(/\s*\S+/g)!) {
      const s = g.push(piece);
      shownSteps.push(g.shown);
      if (s.leak) {
        leak = s.leak;
        break;
      }
    }
    assert.equal(leak, 'const seen = new Set<string>();');
    for (const shown of shownSteps) assert.doesNotMatch(shown, /const seen/, `shown while streaming: ${JSON.stringify(shown)}`);
    assert.match(g.shown, /Try this:/);
  });

  it('property: however a reply is cut, nothing shown contains a guarded line, a clean reply is shown whole, a leaking one is caught', () => {
    const lines = guardedLines([REFERENCE], [STARTER]);
    const words = fc.constantFrom('Look', 'at', 'the', 'seen', 'Set', 'const', '=', 'new', 'Set<string>();', 'return', '\n', '  ', '`', 'filter');
    const prose = fc.array(words, { maxLength: 30 }).map((w) => w.join(' '));
    const reply = fc.oneof(prose, fc.tuple(prose, fc.constantFrom(...lines), prose).map(([a, l, b]) => `${a}\n    ${l.replace(/ /g, '  ')}\n${b}`));
    fc.assert(
      fc.property(reply, fc.array(fc.nat(), { maxLength: 12 }), (text, at) => {
        const r = stream(lines, cut(text, at));
        const norm = normalizeLine(r.shown);
        for (const l of lines) assert.ok(!norm.includes(l), `shown ${JSON.stringify(r.shown)} contains ${l}`);
        const leaks = lines.some((l) => normalizeLine(text).includes(l));
        assert.equal(r.leak !== undefined, leaks);
        if (!leaks) assert.equal(r.shown, text);
      }),
      { seed: 7, numRuns: 400 },
    );
  });
});

describe('model hints: the request', () => {
  it('puts the reference in the system message only, and the files, failing checks and instructions in the learner\'s', () => {
    const [system, user] = hintMessages({ title: 'Dedupe', instructions: 'Remove duplicates, keep the first.', learnerFiles: [{ name: 'dedupe.ts', text: STARTER }], failing: [{ name: 'keeps the first', reason: 'expected [1,2], got [1,2,1]' }], reference: [{ name: 'dedupe.ts', text: REFERENCE }] });
    assert.equal(system.role, 'system');
    assert.ok(system.content.includes('const seen = new Set<string>();'));
    assert.match(system.content, /never write the solution/i);
    assert.ok(!user.content.includes('const seen'));
    assert.match(user.content, /keeps the first: expected \[1,2\], got \[1,2,1\]/);
    assert.match(user.content, /Remove duplicates/);
    assert.ok(user.content.includes(STARTER));
  });

  it('says when the checks have not been run, and bounds a huge file', () => {
    const [, user] = hintMessages({ title: 'T', instructions: '', learnerFiles: [{ name: 'a.ts', text: 'x'.repeat(50_000) }], reference: [] });
    assert.match(user.content, /has not run the checks yet/);
    assert.ok(user.content.length < 20_000, `${user.content.length} characters`);
    assert.match(user.content, /more characters not shown/);
  });
});

describe('model hints: asking the model (scripted server over HTTP)', () => {
  let server: ScriptedServer;
  const client = () => new OpenAiCompatibleClient({ baseUrl: server.baseUrl, apiKey: async () => 'sk-test', timeoutMs: 5000, maxRetries: 0 });
  const messages = hintMessages({ title: 'Dedupe', instructions: 'Remove duplicates.', learnerFiles: [{ name: 'dedupe.ts', text: STARTER }], reference: [{ name: 'dedupe.ts', text: REFERENCE }] });
  const guard = guardedLines([REFERENCE], [STARTER]);

  before(async () => {
    server = await startScriptedServer();
  });
  after(() => server.close());

  it('streams a good hint, with its tokens and cost', async () => {
    server.setReply({ text: GOOD, usage: { promptTokens: 300, completionTokens: 30, totalTokens: 330 } });
    const seen: string[] = [];
    const r = await askHint({ client: client(), model: 'scripted-chat', messages, guard, onText: (t) => seen.push(t), price: (u) => (u.promptTokens * 0.15 + u.completionTokens * 0.6) / 1e6 });
    assert.equal(r.status, 'ok');
    assert.equal(r.text, GOOD);
    assert.equal(r.attempts, 1);
    assert.deepEqual(r.usage, { promptTokens: 300, completionTokens: 30, totalTokens: 330 });
    assert.equal(r.estimated, false);
    assert.ok(Math.abs((r.costUsd ?? 0) - (300 * 0.15 + 30 * 0.6) / 1e6) < 1e-12);
    assert.ok(seen.length > 1, 'streamed in pieces');
    const req = server.requests.at(-1)!;
    assert.equal(req.body.stream, true);
    assert.equal(req.body.messages[0].role, 'system');
  });

  it('discards a reply that repeats the reference, asks again with a note, and shows only the new hint', async () => {
    server.setReply([{ text: LEAK }, { text: GOOD }]);
    const before = server.requests.length;
    const seen: string[] = [];
    const retries: number[] = [];
    const r = await askHint({ client: client(), model: 'scripted-chat', messages, guard, onText: (t) => seen.push(t), onRetry: (n) => retries.push(n) });
    assert.equal(r.status, 'ok');
    assert.equal(r.text, GOOD);
    assert.equal(r.attempts, 2);
    assert.deepEqual(retries, [2]);
    assert.equal(r.estimated, true, 'the stopped reply had no usage report');
    for (const t of seen) assert.ok(!t.includes('const seen'), JSON.stringify(t));
    const second = server.requests.slice(before)[1];
    assert.equal(second.body.messages.at(-1).content, RETRY_NOTE);
  });

  it('withholds the hint when the retry repeats the reference too', async () => {
    server.setReply([{ text: LEAK }, { text: `Simply:\n${REFERENCE}` }]);
    const r = await askHint({ client: client(), model: 'scripted-chat', messages, guard });
    assert.equal(r.status, 'withheld');
    assert.equal(r.text, '');
    assert.equal(r.attempts, 2);
    assert.ok(r.usage.totalTokens > 0);
  });

  it('a model error comes back as a ModelError that says what to do', async () => {
    server.setReply({ status: 401 });
    await assert.rejects(askHint({ client: client(), model: 'scripted-chat', messages, guard }), (e: unknown) => e instanceof ModelError && e.kind === 'auth' && e.action.length > 0);
  });

  it('cancelling stops the reply mid-stream', async () => {
    server.setReply({ text: `${GOOD} ${GOOD} ${GOOD}`, chunkDelayMs: 40 });
    const ctrl = new AbortController();
    const p = askHint({ client: client(), model: 'scripted-chat', messages, guard, signal: ctrl.signal, onText: () => ctrl.abort() });
    await assert.rejects(p, (e: unknown) => e instanceof ModelError && e.kind === 'cancelled');
  });
});
