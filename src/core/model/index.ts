// The model layer: one ModelClient port, the OpenAI-compatible adapter, errors a person can act
// on, retries with backoff, and a scripted OpenAI-compatible server for tests and offline lessons.

export type {
  ChatMessage,
  ChatRequest,
  ChatResult,
  EmbedRequest,
  EmbedResult,
  ModelClient,
  ResponseFormat,
  Usage,
} from './types';
export {
  ModelError,
  toModelError,
  cancelledError,
  timeoutError,
  malformedStreamError,
  withModelList,
  redactModelError,
  hostPort,
  type ModelErrorKind,
  type ModelErrorInit,
  type ErrorContext,
} from './errors';
export {
  retryDelayMs,
  parseRetryAfterMs,
  withRetries,
  abortableSleep,
  defaultShouldRetry,
  type BackoffOptions,
  type RetryOptions,
  type RetryInfo,
} from './retry';
export { OpenAiCompatibleClient, NO_KEY, type OpenAiClientOptions, type LogLevel } from './openaiClient';
export {
  startScriptedServer,
  scriptedEmbedding,
  DEFAULT_SCRIPTED_MODELS,
  type ScriptedServer,
  type ScriptedServerOptions,
  type ScriptedReply,
  type RecordedRequest,
  type ReplyScript,
} from './scriptedServer';
