// The Testing view in a workspace that is not trusted: lessons are listed, but the Run profile
// runs no lesson code and says to trust the workspace.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { AiDojoApi } from '../../../src/host/extension';

const LESSON = 'ai-dojo:rag/chunker';

describe('the Testing view in an untrusted workspace', function () {
  it('lists the lessons, and a run reports them errored with a message to trust the workspace', async function () {
    const api = await vscode.extensions.getExtension<AiDojoApi>('ai-dojo.ai-dojo')!.activate();
    await api.ready;
    assert.equal(vscode.workspace.isTrusted, false);
    const view = api.testExplorer();
    let lesson: vscode.TestItem | undefined;
    view.controller.items.forEach((p) => p.children.forEach((t) => (lesson ??= t.children.get(LESSON))));
    assert.ok(lesson, 'the lesson is listed');
    assert.ok(lesson.children.size > 0, 'with its checks');

    await view.runProfile.runHandler(new vscode.TestRunRequest([lesson], undefined, view.runProfile), new vscode.CancellationTokenSource().token);
    const snapshot = (await view.snapshot()).flatMap((p) => p.children.flatMap((t) => t.children)).find((l) => l.id === LESSON);
    assert.equal(snapshot?.state, 'errored');
    assert.match(snapshot?.messages?.[0].text ?? '', /trusted workspace.*Trust this workspace/);
    assert.equal(api.lastRun(LESSON), undefined, 'no lesson code ran');
    assert.equal(api.progress(LESSON).attempts, 0);
  });
});
