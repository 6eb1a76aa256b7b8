import * as vscode from 'vscode';
import { ModelError } from '../../core/model/errors';
import { OpenAiCompatibleClient } from '../../core/model/openaiClient';
import { MODEL_PRESETS, baseUrlProblem, presetById, type ModelPreset } from '../../core/modelPresets';
import type { Container } from '../container';
import { Commands } from './ids';

/** What Configure Model saves; also accepted as an argument (walkthrough links, tests). */
export interface ModelChoice {
  provider: string;
  baseUrl?: string;
  chatModel: string;
  embeddingModel?: string;
}

type Item = vscode.QuickPickItem & { preset?: ModelPreset; lmModel?: vscode.LanguageModelChat };

/** Looks for a local server (Ollama, LM Studio, …): its model list, or undefined when nothing answers. */
async function probe(baseUrl: string): Promise<string[] | undefined> {
  try {
    const res = await fetch(`${baseUrl}/models`, { signal: AbortSignal.timeout(1500) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { data?: { id?: unknown }[] };
    return (body.data ?? []).map((m) => String(m.id));
  } catch {
    return undefined;
  }
}

const NONE_DETAIL = 'No VS Code language model is installed or signed in; pick another provider.';

async function pickEndpoint(): Promise<Item | undefined> {
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = 'AI Dojo: Configure Model (1/3): where is your model?';
  qp.placeholder = 'Pick a provider; local servers are being looked for…';
  qp.matchOnDetail = true;
  // Like the wizard's later steps: a notification or the probes taking focus must not close it.
  qp.ignoreFocusOut = true;
  const hosted = MODEL_PRESETS.filter((p) => !p.local).map((p): Item => ({ label: p.label, detail: p.detail, preset: p }));
  const local = MODEL_PRESETS.filter((p) => p.local);
  const build = (found: Map<string, string[] | undefined>, lm: vscode.LanguageModelChat[]): Item[] => [
    { label: 'On this machine', kind: vscode.QuickPickItemKind.Separator },
    ...local.map((p): Item => {
      const models = found.get(p.id);
      const state = !found.has(p.id) ? '$(loading~spin) looking…' : models ? `$(pass-filled) running, ${models.length} model(s)` : '$(circle-slash) not running';
      return { label: p.label, description: `${p.baseUrl}  ${state}`, detail: p.detail, preset: p };
    }),
    { label: 'VS Code language models', kind: vscode.QuickPickItemKind.Separator },
    ...(lm.length
      ? lm.map((m): Item => ({ label: `$(copilot) ${m.name}`, description: `${m.vendor} · ${m.id}`, detail: 'Chat only (no embeddings); provided by VS Code.', lmModel: m }))
      : [{ label: lmLooked ? '$(info) None available' : '$(loading~spin) looking…', description: lmLooked ? 'An extension such as GitHub Copilot provides them' : '', detail: NONE_DETAIL } as Item]),
    { label: 'Hosted and other endpoints', kind: vscode.QuickPickItemKind.Separator },
    ...hosted,
  ];
  const found = new Map<string, string[] | undefined>();
  let lm: vscode.LanguageModelChat[] = [];
  let lmLooked = false;
  // Highlight what works: a local server that answered, else a VS Code model, else OpenAI.
  const refresh = () => {
    qp.items = build(found, lm);
    const running = qp.items.find((i) => i.preset?.local && found.get(i.preset.id));
    const preferred = running ?? qp.items.find((i) => i.lmModel) ?? qp.items.find((i) => i.preset && !i.preset.local);
    if (preferred) qp.activeItems = [preferred];
  };
  refresh();
  qp.busy = true;
  void Promise.all([
    ...local.map(async (p) => {
      found.set(p.id, await probe(p.baseUrl));
      refresh();
    }),
    Promise.resolve(vscode.lm?.selectChatModels?.() ?? []).then(
      (models) => {
        lm = models;
      },
      () => undefined,
    ).finally(() => {
      lmLooked = true;
      refresh();
    }),
  ]).finally(() => {
    qp.busy = false;
    qp.placeholder = 'Pick a provider';
  });
  return new Promise<Item | undefined>((resolve) => {
    qp.onDidAccept(() => {
      // "None available" explains; it is not a choice.
      if (qp.selectedItems[0]?.detail === NONE_DETAIL) return;
      resolve(qp.selectedItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

async function askBaseUrl(preset: ModelPreset, current: string): Promise<string | undefined> {
  if (preset.id === 'azure') {
    const resource = await vscode.window.showInputBox({
      title: 'AI Dojo: Azure OpenAI resource',
      prompt: 'The resource name, as in https://<resource>.openai.azure.com',
      validateInput: (v) => (/^[a-z0-9][a-z0-9-]*$/i.test(v.trim()) ? undefined : 'Letters, digits and dashes only.'),
      ignoreFocusOut: true,
    });
    return resource && preset.baseUrl.replace('{resource}', resource.trim());
  }
  if (preset.id !== 'custom') return preset.baseUrl;
  const url = await vscode.window.showInputBox({
    title: 'AI Dojo: endpoint base URL',
    prompt: 'The OpenAI-compatible base URL, usually ending in /v1',
    value: current || 'http://127.0.0.1:8000/v1',
    validateInput: baseUrlProblem,
    ignoreFocusOut: true,
  });
  return url?.trim().replace(/\/+$/, '');
}

async function pickModel(title: string, models: string[], extra: vscode.QuickPickItem[], current: string): Promise<string | undefined> {
  const enter = 'Enter a model id…';
  const items: vscode.QuickPickItem[] = [...extra, ...models.map((m) => ({ label: m, description: m === current ? 'current' : undefined })), { label: enter, alwaysShow: true }];
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: models.length ? 'Pick a model' : 'The endpoint listed no models: enter one', ignoreFocusOut: true });
  if (!pick) return undefined;
  if (pick.label !== enter) return pick.label;
  return (await vscode.window.showInputBox({ title, prompt: 'Model id (Azure: the deployment name)', value: current, ignoreFocusOut: true }))?.trim();
}

async function save(choice: ModelChoice): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('aiDojo.model');
  const g = vscode.ConfigurationTarget.Global;
  await cfg.update('provider', choice.provider, g);
  await cfg.update('baseUrl', choice.baseUrl ?? '', g);
  await cfg.update('chatModel', choice.chatModel, g);
  await cfg.update('embeddingModel', choice.embeddingModel ?? '', g);
}

/** Quick pick: provider (local servers are probed), key if needed, chat model, embedding model. */
export async function configureModel(c: Container, arg?: unknown): Promise<ModelChoice | undefined> {
  if (arg && typeof arg === 'object') {
    const choice = arg as ModelChoice;
    if (typeof choice.provider !== 'string' || typeof choice.chatModel !== 'string') throw new Error('configureModel expects {provider, chatModel, baseUrl?, embeddingModel?}.');
    if (choice.provider !== 'vscode-lm' && baseUrlProblem(choice.baseUrl ?? '')) throw new Error(`Invalid base URL: ${baseUrlProblem(choice.baseUrl ?? '')}`);
    await save(choice);
    return choice;
  }
  const current = c.models.settings();
  const endpoint = await pickEndpoint();
  if (!endpoint) return undefined;
  if (endpoint.lmModel) {
    const choice = { provider: 'vscode-lm', chatModel: endpoint.lmModel.id };
    await save(choice);
    void vscode.window.showInformationMessage(`AI Dojo: lessons use ${endpoint.lmModel.name} (VS Code language model). Embeddings come from the offline model.`);
    return choice;
  }
  const preset = endpoint.preset ?? presetById('custom')!;
  const baseUrl = await askBaseUrl(preset, current.baseUrl);
  if (!baseUrl) return undefined;
  if (preset.needsKey && !(await c.models.keys.get(baseUrl))) {
    const key = await vscode.window.showInputBox({ title: `AI Dojo: API key for ${preset.label}`, prompt: "Kept in VS Code's secret storage, never in settings or logs.", password: true, ignoreFocusOut: true });
    if (key?.trim()) await c.models.keys.set(baseUrl, key);
  }
  const lister = new OpenAiCompatibleClient({ baseUrl, apiKey: async () => (await c.models.keys.get(baseUrl)) || undefined, timeoutMs: 10_000, maxRetries: 0, providerLabel: preset.label });
  let models: string[] = [];
  try {
    models = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `AI Dojo: listing models at ${baseUrl}…` }, () => lister.listModels());
  } catch (e) {
    const err = e instanceof ModelError ? e : undefined;
    const go = await vscode.window.showWarningMessage(`AI Dojo: could not list models: ${err ? `${err.message} ${err.action}` : String(e)}`, { modal: false }, 'Enter a Model Id', 'Cancel');
    if (go !== 'Enter a Model Id') return undefined;
  }
  const chatModels = models.filter((m) => !/embed/i.test(m));
  const chatModel = await pickModel('AI Dojo: Configure Model (2/3): chat model', chatModels.length ? chatModels : models, [], current.chatModel);
  if (!chatModel) return undefined;
  const offline = 'None: use the offline embedding model';
  const embedPick = await pickModel('AI Dojo: Configure Model (3/3): embedding model', models.filter((m) => /embed/i.test(m)), [{ label: offline, detail: 'Shipped with the extension; works with no key and no network.' }], current.embeddingModel);
  if (embedPick === undefined) return undefined;
  const choice: ModelChoice = { provider: preset.id, baseUrl, chatModel, embeddingModel: embedPick === offline ? '' : embedPick };
  await save(choice);
  void vscode.window.showInformationMessage(`AI Dojo: lessons use ${chatModel} at ${baseUrl}.`, 'Test Connection').then((p) => {
    if (p) void vscode.commands.executeCommand(Commands.testModelConnection);
  });
  return choice;
}
