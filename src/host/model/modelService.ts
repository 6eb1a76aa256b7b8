import * as vscode from 'vscode';
import { ModelError, toModelError } from '../../core/model/errors';
import { OpenAiCompatibleClient } from '../../core/model/openaiClient';
import type { ChatResult, ModelClient } from '../../core/model/types';
import { presetById, presetForUrl } from '../../core/modelPresets';
import { KNOWN_PRICES, costUsd, priceFor } from '../../core/prices';
import type { PromptModel } from '../../core/runner/promptRunner';
import type { AiProvider } from '../../core/runner/codeRunner';
import type { OfflineEmbedder } from '../../core/embeddings/offlineEmbedder';
import { readConfig, type ModelSettings } from '../config';
import type { ApiKeys } from './apiKeys';
import { VsCodeLmClient } from './vscodeLmClient';

export type ConnectionTest = { ok: true; result: ChatResult } | { ok: false; error: ModelError };

/** The learner's configured model: builds the client from settings + SecretStorage, rebuilds on change. */
export class ModelService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private cached: { signature: string; client: ModelClient } | undefined;
  private readonly subs: vscode.Disposable[];

  constructor(
    readonly keys: ApiKeys,
    private readonly offline: OfflineEmbedder,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subs = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('aiDojo.model')) return;
        this.cached = undefined;
        this.changed.fire();
      }),
      keys.onDidChange(() => this.changed.fire()),
    ];
  }

  settings(): ModelSettings {
    return readConfig().model;
  }

  isConfigured(s = this.settings()): boolean {
    return s.provider === 'vscode-lm' ? true : !!s.baseUrl && !!s.chatModel;
  }

  /** "llama3.2 · Ollama", for the status bar and messages. */
  label(s = this.settings()): string {
    if (!this.isConfigured(s)) return 'no model';
    const preset = s.provider === 'custom' ? undefined : (presetById(s.provider) ?? presetForUrl(s.baseUrl));
    const where = s.provider === 'vscode-lm' ? 'VS Code' : (preset?.label ?? hostOf(s.baseUrl));
    return `${s.chatModel || 'default model'} · ${where}`;
  }

  client(): ModelClient | undefined {
    const s = this.settings();
    if (!this.isConfigured(s)) return undefined;
    const signature = JSON.stringify([s.provider, s.baseUrl, s.chatModel, s.timeoutMs, s.maxRetries]);
    if (this.cached?.signature === signature) return this.cached.client;
    const client =
      s.provider === 'vscode-lm'
        ? new VsCodeLmClient(s.chatModel)
        : new OpenAiCompatibleClient({
            baseUrl: s.baseUrl,
            apiKey: async () => (await this.keys.get(s.baseUrl)) || undefined,
            timeoutMs: s.timeoutMs,
            maxRetries: s.maxRetries,
            providerLabel: presetById(s.provider)?.label ?? presetForUrl(s.baseUrl)?.label,
            log: (level, msg) => this.log[level](msg),
          });
    this.cached = { signature, client };
    return client;
  }

  /** What a prompt lesson run needs of the model, or undefined when none is configured. */
  promptModel(): PromptModel | undefined {
    const s = this.settings();
    const client = this.client();
    if (!client) return undefined;
    const local = presetById(s.provider)?.local ?? presetForUrl(s.baseUrl)?.local ?? false;
    const table = { ...KNOWN_PRICES, ...s.prices };
    return {
      client,
      chatModel: s.chatModel,
      temperature: s.temperature,
      concurrency: s.concurrency,
      endpoint: s.provider === 'vscode-lm' ? 'vscode-lm' : s.baseUrl,
      embed: s.embeddingModel ? async (texts, signal) => (await client.embed({ model: s.embeddingModel, input: texts, signal })).vectors : (texts, signal) => this.offline.embed(texts, signal),
      priceUsd: (model, usage) => costUsd(local ? { input: 0, output: 0 } : priceFor(model, table) ?? priceFor(s.chatModel, table), usage),
    };
  }

  /**
   * The model behind `import { ai } from 'ai-dojo'` in code lessons. Embeddings come from the
   * endpoint's embedding model when one is set, else from the offline model; chat needs a model.
   */
  aiProvider(): AiProvider {
    return {
      embed: async (texts, signal) => {
        const s = this.settings();
        const client = this.client();
        if (client && s.embeddingModel) return (await client.embed({ model: s.embeddingModel, input: texts, signal })).vectors;
        return this.offline.embed(texts, signal);
      },
      chat: async (call, signal) => {
        const s = this.settings();
        const client = this.client();
        if (!client) throw new Error('No model is configured: run AI Dojo: Configure Model….');
        const r = await client.chat({ model: s.chatModel, messages: call.messages, temperature: call.temperature ?? s.temperature, maxTokens: call.maxTokens, signal });
        return { text: r.text, usage: r.usage };
      },
    };
  }

  /** A tiny real request: proves the URL, the key and the model, and measures latency. */
  async testConnection(signal?: AbortSignal): Promise<ConnectionTest> {
    const s = this.settings();
    const client = this.client();
    if (!client) {
      return { ok: false, error: new ModelError({ kind: 'not-found', message: 'No model is configured.', action: 'Run AI Dojo: Configure Model…', retryable: false }) };
    }
    try {
      const result = await client.chat({ model: s.chatModel, messages: [{ role: 'user', content: 'Reply with the single word OK.' }], temperature: 0, maxTokens: 5, signal });
      this.log.info(`Model connection OK: ${result.model} at ${s.provider === 'vscode-lm' ? 'VS Code' : s.baseUrl}, ${result.latencyMs.toFixed(0)} ms.`);
      return { ok: true, result };
    } catch (e) {
      const error = e instanceof ModelError ? e : toModelError(e, { baseUrl: s.baseUrl, model: s.chatModel, timeoutMs: s.timeoutMs });
      this.log.warn(`Model connection failed (${error.kind}): ${error.message}`);
      return { ok: false, error };
    }
  }

  dispose(): void {
    this.offline.dispose();
    this.subs.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
