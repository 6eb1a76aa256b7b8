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

/** A share, 0..1. */
const share = z.number().check(z.gte(0), z.lte(1));

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
  repeat: z.optional(z.int().check(z.gte(1), z.lte(20))),
  stats: z.optional(
    z.object({
      passes: z.int().check(z.gte(0)),
      runs: z.int().check(z.gte(1)),
      rate: share,
      ci95: z.object({ low: share, high: share }),
      k: z.int().check(z.gte(1)),
      passHatK: share,
    }),
  ),
  stoppedEarly: z.optional(z.enum(['pass', 'fail'])),
  callsSaved: z.optional(z.int().check(z.gte(0), z.lte(20))),
});

const usd = z.number().check(z.gte(0));
const count = z.int().check(z.gte(0));

/** What a prompt run was estimated to cost, what it spent, and its cap. */
const spendSchema = z.object({
  estimate: z.object({ calls: count, promptTokens: count, completionTokens: count, usd: z.optional(usd) }),
  spentUsd: usd,
  capUsd: z.optional(usd),
  capReached: z.boolean(),
  unpriced: z.boolean(),
});

/** Before the first model call of a prompt run: its estimated cost. */
const estimateMessage = z.strictObject({ type: z.literal('estimate'), calls: count, promptTokens: count, completionTokens: count, usd: z.optional(usd), capUsd: z.optional(usd) });

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
  spend: z.optional(spendSchema),
  missingDependencies: z.optional(z.array(z.string())),
});

/** The known mistake the last run looks like: exact (the same failed checks) or the closest, ties as ties. */
export const mistakeViewSchema = z.object({
  exact: z.boolean(),
  /** Jaccard similarity of the failed sets, 0..1. */
  similarity: z.number().check(z.gte(0), z.lte(1)),
  /** How many known mistakes tie (more than `mistakes` shows when over two). */
  tied: z.number().check(z.int(), z.gte(1)),
  mistakes: z.array(z.object({ name: z.string(), why: z.string() })).check(z.minLength(1), z.maxLength(2)),
});

/** Since the previous run: check names (case checks as "case › check") that changed. */
export const runChangesSchema = z.object({ since: z.string(), newlyPassing: z.array(z.string()), newlyFailing: z.array(z.string()) });

/** One kept run of the lesson, for the attempt history chart. */
export const historyEntrySchema = z.object({
  at: z.string(),
  outcome: z.enum(['passed', 'failed', 'error', 'timeout', 'cancelled', 'crashed']),
  passed: z.number().check(z.int(), z.gte(0)),
  total: z.number().check(z.int(), z.gte(0)),
});

/** A hint asked of the model (Ask for a Hint): streaming, shown, withheld, failed or cancelled. */
export const modelHintViewSchema = z.object({
  status: z.enum(['asking', 'done', 'withheld', 'needs-model', 'error', 'cancelled']),
  /** The hint as streamed so far (plain text; guarded: never a line of the reference). */
  text: z.string(),
  /** The finished hint rendered by the host, raw HTML disabled. */
  html: z.optional(z.string()),
  /** Why it is withheld or failed, or that a reply was discarded and asked again. */
  message: z.optional(z.string()),
  action: z.optional(z.string()),
  /** The model error's kind: the panel offers Set API Key for auth errors, else Configure Model. */
  errorKind: z.optional(z.string()),
  attempts: count,
  usage: z.optional(z.object({ promptTokens: count, completionTokens: count, totalTokens: count })),
  /** Some tokens are estimated (a stopped reply has no usage report). */
  estimated: z.optional(z.boolean()),
  costUsd: z.optional(usd),
  model: z.string(),
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
  /** The known mistake the last run looks like, if any. */
  mistake: z.optional(mistakeViewSchema),
  /** What the last run changed since the run before it (absent when there is nothing to compare). */
  changes: z.optional(runChangesSchema),
  /** The lesson's kept runs, oldest first (at most 20). */
  history: z.array(historyEntrySchema).check(z.maxLength(20)),
  /** The lesson's last hint from the model, while the panel is open. */
  modelHint: z.optional(modelHintViewSchema),
});

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: panelStateSchema }),
  z.object({ type: z.literal('progress'), done: z.number(), total: z.number(), name: z.string() }),
  z.object({ type: z.literal('stream'), caseIndex: z.number(), text: z.string() }),
  /** The model's hint so far, as it streams. */
  z.object({ type: z.literal('modelHintText'), lessonKey: z.string(), text: z.string() }),
  estimateMessage,
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
  z.strictObject({ type: z.literal('askModelHint') }),
  z.strictObject({ type: z.literal('cancelModelHint') }),
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
export type MistakeView = z.infer<typeof mistakeViewSchema>;
export type RunChangesView = z.infer<typeof runChangesSchema>;
export type HistoryEntryView = z.infer<typeof historyEntrySchema>;
export type ModelHintView = z.infer<typeof modelHintViewSchema>;
export type EstimateMessage = z.infer<typeof estimateMessage>;
export type HostToWebview = z.infer<typeof hostToWebviewSchema>;
export type WebviewToHost = z.infer<typeof webviewToHostSchema>;

/** What the webview persists with setState, so the panel can be restored after a reload. */
export const persistedPanelStateSchema = z.object({ lessonKey: z.string() });
export type PersistedPanelState = z.infer<typeof persistedPanelStateSchema>;
