import type * as vscode from 'vscode';

/**
 * API keys live in VS Code's SecretStorage (the OS keychain), one per endpoint origin: never in
 * settings, logs, or the process that runs learner code.
 */
export class ApiKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  static slot(baseUrl: string): string {
    let origin = baseUrl;
    try {
      origin = new URL(baseUrl).origin;
    } catch {
      // Not a URL: keep the text as the slot name.
    }
    return `aiDojo.apiKey:${origin}`;
  }

  get(baseUrl: string): Thenable<string | undefined> {
    return this.secrets.get(ApiKeys.slot(baseUrl));
  }

  set(baseUrl: string, key: string): Thenable<void> {
    return this.secrets.store(ApiKeys.slot(baseUrl), key.trim());
  }

  delete(baseUrl: string): Thenable<void> {
    return this.secrets.delete(ApiKeys.slot(baseUrl));
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith('aiDojo.apiKey:')) listener();
    });
  }
}
