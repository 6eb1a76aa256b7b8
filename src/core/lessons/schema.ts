// zod/mini: the same validation and JSON Schema as classic zod at a tenth of the bundle size.
import * as z from 'zod/mini';
import '../zodConfig';
import { ALL_CHECK_KINDS } from '../checks/kinds/names';
import { ARBITRARIES_DOC, COMPARE_DOC } from '../checks/property/doc';
import { propertyProblems } from '../checks/property/validate';

/** Attaches a description that ends up in the published JSON Schema (authors see it while typing). */
function doc<T extends z.ZodMiniType>(schema: T, description: string): T {
  // A copy: shared schemas (e.g. `text`) get a description per field.
  const copy = schema.clone() as T;
  z.globalRegistry.add(copy, { description });
  return copy;
}

/** Lesson and track ids are paths: `rag/chunker` lives in the folder `<pack>/rag/chunker/`. */
const idPath = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/, 'use lowercase letters, digits and dashes, segments separated by "/"'));
const slug = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes'));
const text = z.string().check(z.minLength(1, 'must not be empty'));

const relativeFile = z.string().check(
  z.minLength(1),
  z.refine((p) => !p.startsWith('/') && !/^[a-zA-Z]:/.test(p) && !p.split(/[\\/]/).includes('..'), 'must be a relative path inside the lesson folder'),
);

/** One answer of a lesson's scripted model server (see src/core/model/scriptedServer.ts). */
const scriptedReplySchema = z.strictObject({
  text: z.optional(doc(z.string(), 'The assistant message (default: "echo: <last user message>").')),
  toolCalls: z.optional(
    doc(
      z.array(z.strictObject({ id: z.optional(z.string()), name: text, arguments: z.unknown() })),
      'The assistant asks for these tool calls (finish_reason "tool_calls"); an object is sent JSON-encoded, a string as is.',
    ),
  ),
  status: z.optional(doc(z.number().check(z.int(), z.gte(200), z.lte(599)), 'Answer with this HTTP status; 4xx/5xx get an OpenAI-shaped error body.')),
  error: z.optional(z.strictObject({ message: z.string(), type: z.optional(z.string()), code: z.optional(z.string()) })),
  headers: z.optional(doc(z.record(z.string(), z.string()), 'Extra response headers, e.g. {"retry-after-ms": "20"}.')),
  latencyMs: z.optional(doc(z.number().check(z.gte(0), z.lte(10_000)), 'Wait this long before answering.')),
  chunkDelayMs: z.optional(doc(z.number().check(z.gte(0), z.lte(5_000)), 'Streaming: the pause between chunks.')),
  malformed: z.optional(doc(z.enum(['truncate', 'garbage', 'no-done']), 'Streaming: break the stream half way.')),
  split: z.optional(
    doc(
      z.union([z.literal('bytes'), z.number().check(z.int(), z.gte(1))]),
      'Streaming: cut each SSE event into several writes, as real networks deliver it. "bytes": inside "data:", through the first multi-byte UTF-8 character (else mid-JSON) and between the two newlines; a number: writes of at most that many bytes.',
    ),
  ),
  splitDelayMs: z.optional(doc(z.number().check(z.gte(0), z.lte(1_000)), 'Streaming: the pause between the pieces of a split event (default 3), so the client reads them separately.')),
  dataNoSpace: z.optional(doc(z.boolean(), 'Streaming: write `data:{...}` with no space after the colon (the SSE spec allows both).')),
  crlf: z.optional(doc(z.boolean(), 'Streaming: end lines with "\\r\\n".')),
  finishReason: z.optional(z.string()),
  usage: z.optional(
    z.strictObject({ promptTokens: z.optional(z.number()), completionTokens: z.optional(z.number()), totalTokens: z.optional(z.number()), cachedTokens: z.optional(z.number()) }),
  ),
});

export const checkSchema = z.strictObject({
  name: z.optional(doc(text, 'What the learner sees for this check. Defaults to a description of the call and kind.')),
  type: doc(z.enum(ALL_CHECK_KINDS as [string, ...string[]]), 'The check kind; any kind can be negated with a `not-` prefix.'),
  value: z.optional(doc(z.unknown(), 'The expected value, substring(s), pattern, schema or JavaScript expression, depending on the kind (property with compare "javascript": an expression over actual, expected and args).')),
  call: z.optional(doc(text, "Code lessons: the exported function to call. Defaults to the lesson's `call`.")),
  args: z.optional(doc(z.array(z.unknown()), 'Code lessons: arguments for the call. `{"$fixture": "fixtures/x.json"}` is replaced by that file (parsed when .json): a path from the lesson folder that stays inside the pack, symlinks included; at most 20 MB.')),
  tolerance: z.optional(doc(z.number().check(z.gte(0)), 'approx (and property with compare "approx"): the largest allowed absolute difference (default 1e-6).')),
  arbitraries: z.optional(doc(z.unknown(), ARBITRARIES_DOC)),
  compare: z.optional(doc(z.enum(['deep-equal', 'approx', 'same-set', 'javascript']), COMPARE_DOC)),
  runs: z.optional(doc(z.number().check(z.int(), z.gte(1), z.lte(10_000)), 'property: how many generated inputs to try (default 100).')),
  seed: z.optional(
    doc(z.number().check(z.int(), z.gte(-2147483648), z.lte(2147483647)), 'property: the seed of the generated inputs (default: fixed per check, from the lesson id and the check\'s position), so every run tries the same inputs.'),
  ),
  flags: z.optional(doc(z.string().check(z.regex(/^[dgimsuvy]*$/)), 'regex: the RegExp flags.')),
  min: z.optional(doc(z.number(), 'length / word-count: the smallest allowed value.')),
  max: z.optional(doc(z.number(), 'length / word-count: the largest allowed value.')),
  threshold: z.optional(
    doc(
      z.number().check(z.gte(0)),
      'javascript: score needed when the expression returns a number (default 1); similar: cosine needed (default 0.8); llm-rubric: judge score needed (default 0.5); latency: most ms; cost: most USD.',
    ),
  ),
  on: z.optional(
    doc(
      z.enum(['file', 'system', 'user', 'assistant', 'all']),
      'staticChecks: which part of the prompt file the check reads (default: the whole file). A javascript static check also gets args[0] = {messages, parameters, variables} of the parsed prompt.',
    ),
  ),
  hint: z.optional(doc(z.string(), 'Shown with a failure of this check: a nudge, not the answer.')),
  rules: z.optional(doc(z.array(slug), "Ids of the lesson's rules (see `rules`) that this check covers.")),
  server: z.optional(
    doc(
      z.array(scriptedReplySchema).check(z.minLength(1)),
      'Code lessons: a scripted OpenAI-compatible server on 127.0.0.1 for this check only, answering requests with these replies in order (the last repeats). `{"$server": "baseUrl"}` in args becomes its base URL (…/v1); a javascript check gets the recorded requests as `requests` ({method, path, headers, body, arrivedAt, endedAt, inFlightAtArrival, clientClosed, status, chunksWritten, chunksPlanned}; times in ms since the server started, endedAt null while in flight).',
    ),
  ),
}).check(z.superRefine((c, ctx) => propertyProblems(c).forEach(([path, message]) => ctx.addIssue({ code: 'custom', path: [path], message, input: c }))));

export const caseSchema = z.strictObject({
  name: text,
  vars: doc(z.record(z.string(), z.unknown()), 'Values for the prompt\'s {{variables}}. `{"$fixture": "fixtures/x.txt"}` reads a file (a path from the lesson folder that stays inside the pack; at most 20 MB).'),
  repeat: z.optional(doc(z.number().check(z.int(), z.gte(1), z.lte(20)), 'Run the case up to N times (nondeterminism); it passes on minPassRate. From the third run on, it stops early once the 95 % Wilson interval of its pass rate lies wholly above or below minPassRate (the panel shows the calls saved).')),
  minPassRate: z.optional(doc(z.number().check(z.gte(0), z.lte(1)), 'Share of the runs that must pass (default 1).')),
  checks: z.optional(doc(z.array(checkSchema), 'Checks for this case only, after the lesson-wide ones.')),
});

export const lessonSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id: doc(idPath, 'The lesson id; equals the lesson folder path inside the pack.'),
  title: text,
  kind: doc(z.enum(['code', 'prompt']), 'code: the learner implements functions in TypeScript or JavaScript and checks call them. prompt: the learner edits a .prompty file; cases run against the configured model.'),
  summary: doc(text, 'One sentence: shown as the tree tooltip and in Open Lesson.'),
  minutes: doc(z.number().check(z.int(), z.gt(0)), 'Estimated minutes to complete.'),
  difficulty: z._default(z.enum(['intro', 'core', 'stretch']), 'core'),
  instructions: z._default(doc(relativeFile, 'Markdown file with the instructions.'), 'README.md'),
  files: doc(z.array(relativeFile).check(z.minLength(1)), 'Files the learner edits: copied from starter/<file>; the reference is solution/<file>.'),
  entry: z.optional(doc(relativeFile, 'The module whose exports the checks call (default: the first file).')),
  call: z.optional(doc(text, 'Default exported function for checks that do not name one.')),
  rules: z.optional(
    doc(
      z.array(z.strictObject({ id: slug, text: doc(text, 'The rule as the README states it, in one sentence.') })),
      'The rules the README states. Every rule should be covered by a check (`rules` on the check) and by a wrong solution that breaks it (`wrong`).',
    ),
  ),
  wrong: z.optional(
    doc(
      z.record(
        z.string().check(z.minLength(1)),
        z.strictObject({
          why: z.optional(doc(text, 'The mistake in a sentence or two: what it is, why it matters in production, where to look.')),
          rules: z.optional(doc(z.array(slug), 'Ids of the rules this wrong solution breaks.')),
          fails: z.optional(
            doc(
              z.array(text),
              'The checks this wrong solution fails (case checks as "case › check"), written by `ai-dojo verify --record-mistakes` and compared on every verify. The panel names the mistake when a learner\'s run fails the same checks, or nearly.',
            ),
          ),
          unsteady: z.optional(
            doc(
              z.array(text),
              'Checks this wrong solution failed in some recorded runs only (chance: random index centroids, timing), written by `ai-dojo verify --record-mistakes`. A verify neither requires nor forbids them; they are not part of the mistake\'s signature.',
            ),
          ),
        }),
      ),
      'What each wrong solution under wrong/<name>/ gets wrong, by folder name.',
    ),
  ),
  hints: z._default(doc(z.array(text), 'Markdown hints, unlocked one at a time, from a nudge to nearly the answer.'), []),
  checks: z._default(doc(z.array(checkSchema), 'code: each check calls a function. prompt: every check grades every case output (a javascript check gets args[0] = {case, vars}).'), []),
  dependencies: z.optional(
    doc(
      z.record(
        z.string().check(z.regex(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, 'use an npm package name')),
        z.string().check(z.regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'use an exact version such as 1.4.0 (no ranges: every learner and CI get the same code)')),
      ),
      'Code lessons: npm packages the learner code imports, name -> exact version. Installed into the learner\'s lesson folder (and by the verifier) before the checks run.',
    ),
  ),
  limits: z.optional(
    doc(
      z.strictObject({
        timeoutSeconds: z.optional(z.number().check(z.gt(0), z.lte(300))),
        memoryMb: z.optional(z.number().check(z.int(), z.gte(64), z.lte(4096))),
        childProcesses: z.optional(doc(z.boolean(), 'The learner code starts processes (child_process); without it, starting one fails where the runtime has a permission model.')),
      }),
      'Code lessons: at least this much time and memory for a run (frameworks take longer to load than plain code); the settings apply when larger.',
    ),
  ),
  mutants: z.optional(
    doc(
      z.strictObject({
        equivalent: z.optional(
          z.array(
            z.strictObject({
              file: doc(relativeFile, 'The solution file, as named in `files`.'),
              line: doc(z.number().check(z.int(), z.gte(1)), 'The 1-based line where the mutant starts.'),
              original: z.optional(doc(z.string(), 'The code the mutant replaces, for the reader (not matched).')),
              replacement: doc(z.string(), 'The mutated code, as `verify --mutants` prints it.'),
              reason: doc(text, 'Why no check can tell this mutant from the reference.'),
            }),
          ),
        ),
      }),
      'Code lessons: mutants of the reference solution that `ai-dojo verify --mutants` should not count, matched by file, line and replacement.',
    ),
  ),
  prompt: z.optional(doc(relativeFile, 'prompt lessons: the prompt file (default: the first file).')),
  cases: z.optional(doc(z.array(caseSchema), 'prompt lessons: the variable values to run the prompt with, each a case.')),
  staticChecks: z.optional(doc(z.array(checkSchema), 'prompt lessons: checks on the prompt text itself; they run offline, with no model.')),
});

export const packSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id: slug,
  name: text,
  version: doc(z.string().check(z.regex(/^\d+\.\d+\.\d+/, 'use a semantic version such as 1.0.0')), 'The pack version (semver).'),
  description: z.optional(z.string()),
  tracks: z
    .array(
      z.strictObject({
        id: slug,
        title: text,
        description: z.optional(z.string()),
        lessons: doc(z.array(idPath), 'Lesson ids in the order a learner takes them.'),
      }),
    )
    .check(z.minLength(1)),
});

export type CheckSpec = z.infer<typeof checkSchema>;
export type CaseSpec = z.infer<typeof caseSchema>;
export type LessonManifest = z.infer<typeof lessonSchema>;
export type PackManifest = z.infer<typeof packSchema>;
