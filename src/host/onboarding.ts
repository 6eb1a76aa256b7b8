import * as vscode from 'vscode';

/** The Get Started steps that tick on what the learner really did (walkthrough `onContext` events). */
export type OnboardingStep = 'openedLesson' | 'ranChecks' | 'tookHint';

const WALKTHROUGH = 'ai-dojo.ai-dojo#getStarted';
const WELCOMED = 'aiDojo.onboarding.welcomed';

/**
 * Ticks Get Started's steps through context keys that last across reloads, and opens the
 * walkthrough once, on the first start after install (as VS Code does for Marketplace installs,
 * and under the same setting).
 */
export class Onboarding {
  constructor(private readonly state: vscode.Memento) {
    for (const step of ['openedLesson', 'ranChecks', 'tookHint'] as const) {
      if (state.get<boolean>(key(step))) void vscode.commands.executeCommand('setContext', key(step), true);
    }
  }

  /** The steps done so far (for tests and tooling). */
  done(): OnboardingStep[] {
    return (['openedLesson', 'ranChecks', 'tookHint'] as const).filter((step) => this.state.get<boolean>(key(step)));
  }

  async mark(step: OnboardingStep): Promise<void> {
    void vscode.commands.executeCommand('setContext', key(step), true);
    if (!this.state.get<boolean>(key(step))) await this.state.update(key(step), true);
  }

  /** Opens Get Started the first time the extension starts (unless the user turned that off). */
  async welcomeOnFirstStart(): Promise<boolean> {
    if (this.state.get<boolean>(WELCOMED)) return false;
    await this.state.update(WELCOMED, true);
    if (!vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true)) return false;
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    return true;
  }
}

function key(step: OnboardingStep): string {
  return `aiDojo.onboarding.${step}`;
}
