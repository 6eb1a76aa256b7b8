// Every message between the lesson panel (webview) and the extension host, as zod schemas.
// The host parses every message the panel sends: one that does not match is dropped and logged.
import * as z from 'zod/mini';
import '../core/zodConfig';

const checkResult = z.object({
  index: z.number(),
  name: z.string(),
  type: z.string(),
  status: z.enum(['passed', 'failed', 'not-run']),
  score: z.number(),
  reason: z.string(),
  expected: z.optional(z.string()),
  actual: z.optional(z.string()),
  hint: z.optional(z.string()),
  durationMs: z.optional(z.number()),
  logs: z.array(z.string()),
  details: z.optional(z.string()),
});

const modelErrorSchema = z.object({ kind: z.string(), message: z.string(), action: z.string() });

const caseRunSchema = z.object({
  text: z.string(),
  error: z.optional(modelErrorSchema),
  latencyMs: z.optional(z.number()),
  firstTokenMs: z.optional(z.number()),
  usage: z.optional(z.object({ promptTokens: z.number(), completionTokens: z.number(), totalTokens: z.number() })),
  costUsd: z.optional(z.number()),
  cached: z.boolean(),
  pass: z.boolean(),
  checks: z.array(checkResult),
});

const caseResultSchema = z.object({
  index: z.number(),
  name: z.string(),
  vars: z.record(z.string(), z.string()),
  status: z.enum(['passed', 'failed', 'not-run']),
  runs: z.array(caseRunSchema),
  passRate: z.number(),
  minPassRate: z.number(),
});

export const runResultSchema = z.object({
  lessonKey: z.string(),
  outcome: z.enum(['passed', 'failed', 'error', 'timeout', 'cancelled', 'crashed']),
  message: z.optional(z.string()),
  location: z.optional(z.object({ file: z.string(), line: z.number(), column: z.number() })),
  checks: z.array(checkResult),
  passed: z.number(),
  total: z.number(),
  score: z.number(),
  durationMs: z.number(),
  output: z.string(),
  finishedAt: z.string(),
  cases: z.optional(z.array(caseResultSchema)),
  modelError: z.optional(modelErrorSchema),
  missingDependencies: z.optional(z.array(z.string())),
});

export const lessonViewSchema = z.object({
  key: z.string(),
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  minutes: z.number(),
  difficulty: z.string(),
  track: z.string(),
  pack: z.string(),
  /** Rendered by the host with raw HTML disabled. */
  instructionsHtml: z.string(),
  files: z.array(z.string()),
  learnerDir: z.string(),
  hasNext: z.boolean(),
});

export const panelStateSchema = z.object({
  lesson: lessonViewSchema,
  status: z.enum(['not-started', 'in-progress', 'passed']),
  attempts: z.number(),
  bestScore: z.number(),
  /** Rendered HTML of the hints unlocked so far. */
  hints: z.array(z.string()),
  hintCount: z.number(),
  running: z.boolean(),
  /** False in an untrusted workspace: checks do not run there. */
  trusted: z.boolean(),
  /** The lesson calls the model (a prompt lesson with cases). */
  needsModel: z.boolean(),
  model: z.object({ configured: z.boolean(), label: z.string() }),
  lastRun: z.optional(runResultSchema),
});

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: panelStateSchema }),
  z.object({ type: z.literal('progress'), done: z.number(), total: z.number(), name: z.string() }),
  z.object({ type: z.literal('stream'), caseIndex: z.number(), text: z.string() }),
]);

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('runChecks'), fresh: z.optional(z.boolean()) }),
  z.strictObject({ type: z.literal('configureModel') }),
  z.strictObject({ type: z.literal('setApiKey') }),
  z.strictObject({ type: z.literal('installDependencies') }),
  z.strictObject({ type: z.literal('showLog') }),
  z.strictObject({ type: z.literal('cancel') }),
  z.strictObject({ type: z.literal('showHint') }),
  z.strictObject({ type: z.literal('showSolution') }),
  z.strictObject({ type: z.literal('resetLesson') }),
  z.strictObject({ type: z.literal('nextLesson') }),
  z.strictObject({
    type: z.literal('openFile'),
    file: z.string().check(z.maxLength(500)),
    line: z.optional(z.int().check(z.minimum(1), z.maximum(10_000_000))),
    column: z.optional(z.int().check(z.minimum(1), z.maximum(10_000_000))),
  }),
  z.strictObject({ type: z.literal('openLink'), href: z.string().check(z.maxLength(2000)) }),
]);

export type RunResultView = z.infer<typeof runResultSchema>;
export type CheckResultView = z.infer<typeof checkResult>;
export type CaseResultView = z.infer<typeof caseResultSchema>;
export type LessonView = z.infer<typeof lessonViewSchema>;
export type PanelState = z.infer<typeof panelStateSchema>;
export type HostToWebview = z.infer<typeof hostToWebviewSchema>;
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

/** What the webview persists with setState, so the panel can be restored after a reload. */
export const persistedPanelStateSchema = z.object({ lessonKey: z.string() });
export type PersistedPanelState = z.infer<typeof persistedPanelStateSchema>;
