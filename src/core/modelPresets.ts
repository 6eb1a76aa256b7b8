/** Where a learner's model can live: the endpoints AI Dojo knows how to talk to. */
export interface ModelPreset {
  id: string;
  label: string;
  /** OpenAI-compatible base URL (ends in /v1). `{resource}` is asked for (Azure). */
  baseUrl: string;
  needsKey: boolean;
  /** A local server we can look for on this machine. */
  local?: boolean;
  /** What to tell a learner when nothing answers there. */
  startHint?: string;
  detail: string;
}

export const MODEL_PRESETS: readonly ModelPreset[] = [
  { id: 'openai', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', needsKey: true, detail: 'OpenAI platform API; needs an API key.' },
  {
    id: 'azure',
    label: 'Azure OpenAI',
    baseUrl: 'https://{resource}.openai.azure.com/openai/v1',
    needsKey: true,
    detail: 'Azure OpenAI (v1 API) of your resource; the model is your deployment name; needs an API key.',
  },
  { id: 'ollama', label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', needsKey: false, local: true, startHint: 'Start it with `ollama serve`.', detail: 'Local models through Ollama; no key.' },
  { id: 'lmstudio', label: 'LM Studio', baseUrl: 'http://127.0.0.1:1234/v1', needsKey: false, local: true, startHint: "Start LM Studio's local server (Developer tab).", detail: 'Local models through LM Studio; no key.' },
  { id: 'openrouter', label: 'OpenRouter', baseUrl: 'https://openrouter.ai/api/v1', needsKey: true, detail: 'Many hosted models behind one API; needs an API key.' },
  { id: 'vllm', label: 'vLLM', baseUrl: 'http://127.0.0.1:8000/v1', needsKey: false, local: true, startHint: 'Start it with `vllm serve <model>`.', detail: 'A vLLM OpenAI-compatible server.' },
  { id: 'llamacpp', label: 'llama.cpp server', baseUrl: 'http://127.0.0.1:8080/v1', needsKey: false, local: true, startHint: 'Start it with `llama-server -m <model.gguf>`.', detail: 'llama.cpp llama-server.' },
  { id: 'custom', label: 'Other OpenAI-compatible endpoint…', baseUrl: '', needsKey: false, detail: 'Any server that speaks the OpenAI chat completions API.' },
];

export function presetById(id: string | undefined): ModelPreset | undefined {
  return MODEL_PRESETS.find((p) => p.id === id);
}

/** The preset whose base URL this is, for provider-aware messages ("Is Ollama running?"). */
export function presetForUrl(baseUrl: string): ModelPreset | undefined {
  const norm = (u: string) => u.replace(/\/+$/, '').toLowerCase();
  return MODEL_PRESETS.find((p) => p.baseUrl && !p.baseUrl.includes('{') && norm(p.baseUrl) === norm(baseUrl));
}

/** Checks a base URL a person typed: http(s), a host, no credentials in it. Returns a problem or undefined. */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'Enter a URL such as http://127.0.0.1:11434/v1';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Use an http:// or https:// URL.';
  if (url.username || url.password) return 'Do not put credentials in the URL: use AI Dojo: Set API Key.';
  return undefined;
}
