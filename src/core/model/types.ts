// The model port: what the rest of AI Dojo (host, checks, the learner's `ai` helper) asks of a
// model, whichever adapter answers (an OpenAI-compatible endpoint, VS Code's Language Model API,
// the scripted test server). Pure types: no `vscode`, no SDK types leak through here.

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Prompt tokens served from the provider's prompt cache, when it reports them. */
  cachedTokens?: number;
}

export type ResponseFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: object; strict?: boolean };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  stop?: string[];
  responseFormat?: ResponseFormat;
  /** Stream the answer; `onDelta` receives each piece of text as it arrives. */
  stream?: boolean;
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
}

export interface ChatResult {
  text: string;
  model: string;
  usage?: Usage;
  finishReason?: string;
  /** Wall time of the attempt that succeeded (retries and their waits are not included). */
  latencyMs: number;
  /** Streaming only: from the start of the successful attempt to the first non-empty delta. */
  firstTokenMs?: number;
  /** 1 when the first try succeeded; 1 + the number of retries otherwise. */
  attempts: number;
}

export interface EmbedRequest {
  model: string;
  input: string[];
  signal?: AbortSignal;
}

export interface EmbedResult {
  /** One vector per input, in input order. */
  vectors: number[][];
  usage?: Usage;
  latencyMs: number;
}

export interface ModelClient {
  chat(req: ChatRequest): Promise<ChatResult>;
  embed(req: EmbedRequest): Promise<EmbedResult>;
  /** Model ids the endpoint serves, sorted. */
  listModels(signal?: AbortSignal): Promise<string[]>;
}
