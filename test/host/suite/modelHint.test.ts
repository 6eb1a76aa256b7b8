// Ask for a Hint inside a real extension host, against the scripted OpenAI-compatible server on
// 127.0.0.1 (real HTTP, the openai SDK): a good hint streams into the panel and counts as a hint;
// a reply that repeats the reference is discarded and asked again, or withheld; errors and
// cancelling say what happened; without a model it says how to configure one.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startScriptedServer, type RecordedRequest, type ScriptedReply, type ScriptedServer } from '../../../src/core/model/scriptedServer';
import type { AiDojoApi } from '../../../src/host/extension';
import type { ModelHintView } from '../../../src/protocol/messages';
import { write } from './writeFile';

// Its own lesson id: learner folders are named by lesson id, and models.test.ts has a p/summ.
const LESSON = 'hints:p/hint-summ';
const SECRET_LINE = 'You summarise support tickets in one line that starts with "Summary:".';
const GOOD = 'Your prompt sends the ticket, but what does it ask the model to **do** with it? Read the failing check: what must the answer start with?';

describe('Ask for a Hint (the model)', function () {
  this.timeout(60_000);
  let api: AiDojoApi;
  let server: ScriptedServer;
  let pack: string;
  /** What the model answers to hint requests; lesson cases always get "Nope". */
  let hintReplies: ScriptedReply[] = [];
  const config = () => vscode.workspace.getConfiguration('aiDojo');
  const isHint = (r: RecordedRequest) => String(r.body?.messages?.[0]?.content ?? '').includes('tutor in AI Dojo');
  const hintRequests = () => server.requests.filter(isHint);
  const ask = () => vscode.commands.executeCommand<ModelHintView>('aiDojo.askModelHint', LESSON);
  const panelHint = async () => (await api.inspectPanel())?.modelHint;

  before(async function () {
    api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
    server = await startScriptedServer({ reply: (rec) => (isHint(rec) ? hintReplies.shift() ?? { text: GOOD } : { text: 'Nope' }) });
    pack = mkdtempSync(path.join(os.tmpdir(), 'ai-dojo-hint-pack-'));
    write(pack, 'pack.json', { id: 'hints', name: 'Hint pack', version: '1.0.0', tracks: [{ id: 'p', title: 'Prompts', lessons: ['p/hint-summ'] }] });
    write(pack, 'p/hint-summ/lesson.json', {
      id: 'p/hint-summ',
      title: 'Summarise',
      kind: 'prompt',
      summary: 'Summarise a ticket.',
      minutes: 5,
      files: ['s.prompty'],
      hints: ['Say what to do.'],
      staticChecks: [{ name: 'fenced', type: 'contains', value: '<ticket>', hint: 'Fence the ticket.' }],
      cases: [{ name: 'printer', vars: { ticket: 'The printer is broken.' } }],
      checks: [{ name: 'starts with Summary:', type: 'starts-with', value: 'Summary:' }],
    });
    write(pack, 'p/hint-summ/README.md', '# Summarise\n\nSummarise the ticket in one line.');
    write(pack, 'p/hint-summ/starter/s.prompty', 'user:\n{{ticket}}\n');
    write(pack, 'p/hint-summ/solution/s.prompty', `system:\n${SECRET_LINE}\nuser:\n<ticket>\n{{ticket}}\n</ticket>\n`);
    await config().update('lessonPacks', [pack], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
    await vscode.commands.executeCommand('aiDojo.openLesson', LESSON);
  });

  after(async function () {
    const learner = api.learnerDir(LESSON);
    for (const k of ['lessonPacks', 'model.provider', 'model.baseUrl', 'model.chatModel']) await config().update(k, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('aiDojo.refreshLessons');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server.close();
    rmSync(pack, { recursive: true, force: true });
    if (learner) rmSync(learner, { recursive: true, force: true });
  });

  it('without a model, says how to configure one and counts nothing', async function () {
    const v = await ask();
    assert.equal(v.status, 'needs-model');
    assert.match(v.action ?? '', /Configure Model/);
    assert.equal((await panelHint())?.status, 'needs-model');
    assert.equal(hintRequests().length, 0);
    assert.equal(api.progress(LESSON).modelHints ?? 0, 0);
  });

  it('streams a good hint into the panel, with tokens, and counts it as a hint', async function () {
    await vscode.commands.executeCommand('aiDojo.configureModel', { provider: 'custom', baseUrl: server.baseUrl, chatModel: 'scripted-chat' });
    await vscode.commands.executeCommand('aiDojo.runChecks', LESSON);
    const v = await ask();
    assert.equal(v.status, 'done', JSON.stringify(v));
    assert.equal(v.text, GOOD);
    assert.ok((v.usage?.totalTokens ?? 0) > 0);
    const shown = await panelHint();
    assert.match(shown?.html ?? '', /<strong>do<\/strong>/);
    assert.equal(api.progress(LESSON).modelHints, 1);
    // The request: the reference hidden in the system message; the learner's file and failing checks in theirs.
    const req = hintRequests().at(-1)!;
    assert.equal(req.body.stream, true);
    const [system, user] = req.body.messages as { role: string; content: string }[];
    assert.ok(system.content.includes(SECRET_LINE));
    assert.ok(!user.content.includes(SECRET_LINE));
    assert.ok(user.content.includes('{{ticket}}'), 'the learner’s prompt');
    assert.match(user.content, /fenced: /, 'the failing static check with its reason');
    assert.match(user.content, /printer › starts with Summary:/, 'the failing case check');
  });

  it('the next run of the lesson clears the hint from the panel (it was about the files as they were)', async function () {
    assert.equal((await panelHint())?.status, 'done');
    await vscode.commands.executeCommand('aiDojo.runChecks', LESSON);
    assert.equal(await panelHint(), undefined);
  });

  it('discards a reply that repeats the reference and shows the one asked again', async function () {
    hintReplies = [{ text: `Add a system line:\n${SECRET_LINE}` }, { text: GOOD }];
    const before = hintRequests().length;
    const v = await ask();
    assert.equal(v.status, 'done');
    assert.equal(v.attempts, 2);
    assert.ok(!v.text.includes('You summarise support'), v.text);
    assert.equal(hintRequests().length - before, 2);
    assert.equal(api.progress(LESSON).modelHints, 2);
  });

  it('withholds the hint when the second reply repeats it too, and does not count it', async function () {
    hintReplies = [{ text: SECRET_LINE }, { text: `Just write: ${SECRET_LINE}` }];
    const v = await ask();
    assert.equal(v.status, 'withheld');
    assert.equal(v.text, '');
    assert.match(v.message ?? '', /repeated the reference solution/);
    assert.equal(api.progress(LESSON).modelHints, 2);
  });

  it('a rejected key says to set one, in the panel', async function () {
    hintReplies = [{ status: 401 }];
    const v = await ask();
    assert.equal(v.status, 'error');
    assert.equal(v.errorKind, 'auth');
    assert.ok(v.action);
    assert.equal((await panelHint())?.errorKind, 'auth');
  });

  it('can be cancelled while it streams; the text so far stays', async function () {
    hintReplies = [{ text: `${GOOD} ${GOOD} ${GOOD}`, chunkDelayMs: 50 }];
    const pending = ask();
    for (let i = 0; i < 200 && !((await panelHint())?.text ?? '').length; i++) await new Promise((r) => setTimeout(r, 20));
    await vscode.commands.executeCommand('aiDojo.cancelModelHint');
    const v = await pending;
    assert.equal(v.status, 'cancelled');
    assert.ok(v.text.length > 0 && v.text.length < GOOD.length * 3, v.text);
    assert.equal(api.progress(LESSON).modelHints, 2);
  });
});
