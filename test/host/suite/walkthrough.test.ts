// The Get Started walkthrough: contributed, every step's media exists, every command its links
// name is registered, and VS Code opens it.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface Step {
  id: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}

describe('the Get Started walkthrough', function () {
  const ext = () => vscode.extensions.getExtension('ai-dojo.ai-dojo')!;

  it('opened on the first start of this fresh profile', async function () {
    const api = await ext().activate() as { onboarding(): { welcomed: Promise<boolean> } };
    assert.equal(await api.onboarding().welcomed, true);
  });

  it('starts with a code lesson, then checks and hints; the model comes after', function () {
    const walkthroughs = ext().packageJSON.contributes.walkthroughs as { id: string; steps: Step[] }[];
    const getStarted = walkthroughs.find((w) => w.id === 'getStarted');
    assert.ok(getStarted);
    assert.deepEqual(getStarted.steps.map((s) => s.id), ['openLesson', 'runChecks', 'useHints', 'configureModel', 'teamLessons']);
    for (const id of ['openLesson', 'runChecks', 'useHints']) {
      assert.match(getStarted.steps.find((s) => s.id === id)!.completionEvents!.join(), /^onContext:aiDojo\.onboarding\./, `${id} ticks on what the learner did`);
    }
    for (const s of getStarted.steps) {
      const media = s.media.markdown ?? s.media.image ?? '';
      assert.ok(existsSync(path.join(ext().extensionPath, media)), `${s.id}: ${media} is in the extension`);
      assert.ok(s.completionEvents?.length, `${s.id} completes on an event`);
    }
  });

  it('links only to commands that exist', async function () {
    await ext().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const steps = (ext().packageJSON.contributes.walkthroughs[0].steps as Step[]);
    const linked = steps.flatMap((s) => [...s.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]));
    assert.ok(linked.length >= 5);
    for (const id of linked) assert.ok(registered.has(id), `${id} is registered`);
  });

  it('opens in VS Code', async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'ai-dojo.ai-dojo#getStarted', false);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.match(tab?.label ?? '', /Welcome|Walkthrough|Get Started/, `the active tab is ${tab?.label}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
