import * as vscode from 'vscode';
import { ModelError } from '../../core/model/errors';
import { foldSystem } from '../../core/model/foldSystem';
import type { ChatRequest, ChatResult, EmbedResult, ModelClient } from '../../core/model/types';

/**
 * VS Code's Language Model API (e.g. Copilot) behind the same port as an HTTP endpoint. It has
 * no system role, so the system prompt is folded into the first user message, and no embeddings.
 */
export class VsCodeLmClient implements ModelClient {
  constructor(private readonly modelId: string) {}

  private async model(): Promise<vscode.LanguageModelChat> {
    const [model] = await vscode.lm.selectChatModels(this.modelId ? { id: this.modelId } : undefined);
    if (!model) {
      throw new ModelError({ kind: 'not-found', message: `VS Code offers no language model "${this.modelId}".`, action: 'Run AI Dojo: Configure Model… and pick another model.', retryable: false });
    }
    return model;
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const started = performance.now();
    const model = await this.model();
    const cancel = new vscode.CancellationTokenSource();
    const onAbort = () => cancel.cancel();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const folded = foldSystem(req.messages);
      const messages = folded.map((m) => (m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content)));
      const response = await model.sendRequest(messages, { justification: 'AI Dojo runs the lesson prompt you wrote.' }, cancel.token);
      let text = '';
      let firstTokenMs: number | undefined;
      for await (const part of response.text) {
        firstTokenMs ??= performance.now() - started;
        text += part;
        req.onDelta?.(part);
      }
      // The API reports no usage: count the tokens with the model's own tokenizer.
      const count = (t: string) => Promise.resolve(model.countTokens(t, cancel.token)).catch(() => 0);
      const promptTokens = await count(folded.map((m) => m.content).join('\n'));
      const completionTokens = await count(text);
      return {
        text,
        model: model.id,
        usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
        latencyMs: performance.now() - started,
        firstTokenMs,
        attempts: 1,
      };
    } catch (e) {
      if (e instanceof ModelError) throw e;
      if (req.signal?.aborted || e instanceof vscode.CancellationError) throw new ModelError({ kind: 'cancelled', message: 'Cancelled.', action: '', retryable: false });
      const code = e instanceof vscode.LanguageModelError ? e.code : '';
      const kind = code === vscode.LanguageModelError.NoPermissions().code ? 'forbidden' : code === vscode.LanguageModelError.NotFound().code ? 'not-found' : 'bad-response';
      throw new ModelError({ kind, message: `The VS Code language model failed: ${e instanceof Error ? e.message : String(e)}`, action: kind === 'forbidden' ? 'Allow AI Dojo to use the model when VS Code asks, or pick another model.' : 'Try again, or run AI Dojo: Configure Model… to pick another model.', retryable: false });
    } finally {
      req.signal?.removeEventListener('abort', onAbort);
      cancel.dispose();
    }
  }

  async embed(): Promise<EmbedResult> {
    throw new ModelError({ kind: 'bad-request', message: 'VS Code language models do not provide embeddings.', action: 'Leave the embedding model empty to use the offline embedding model, or configure an endpoint with one.', retryable: false });
  }

  async listModels(): Promise<string[]> {
    return (await vscode.lm.selectChatModels()).map((m) => m.id).sort();
  }
}
