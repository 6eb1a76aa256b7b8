/**
 * Prompt files: a small, strict subset of Microsoft's `.prompty` format.
 *
 * ```
 * ---
 * name: Summarise a support ticket
 * description: optional
 * model:
 *   parameters:            # all optional, snake_case like the OpenAI API
 *     temperature: 0
 *     max_tokens: 200
 *     stop: ["</summary>"]
 *     response_format: { type: json_object }
 * inputs:                  # optional declarations; each may have a default
 *   ticket: { type: string, default: "..." }
 * sample:                  # optional example values (Prompty's name)
 *   ticket: "..."
 * ---
 * system:
 * You are a support analyst.
 *
 * user:
 * Summarise the ticket inside <ticket> tags.
 * <ticket>
 * {{ticket}}
 * </ticket>
 *
 * assistant:
 * {"summary": "
 * ```
 *
 * FRONT MATTER (optional)
 * - When present it starts on the very first line with `---` and ends at the next line that
 *   is just `---` (trailing spaces allowed). Between them: YAML settings (a mapping).
 *   A file whose first line is `---` therefore always opens front matter.
 * - Known keys: `name` and `description` (text), `model.parameters`, `inputs`, `sample`.
 *   Other keys (Prompty has more: `authors`, `model.api`, `model.configuration`, ...) are
 *   allowed and ignored.
 * - `model.parameters` is validated, and only these keys are accepted (a typo such as
 *   `max_token` is an error rather than silently ignored):
 *     temperature      number, 0 to 2
 *     max_tokens       whole number above 0
 *     stop             a string, or a list of at most 4 non-empty strings
 *     response_format  { type: json_object } | { type: text } |
 *                      { type: json_schema, json_schema: { name, schema, strict? } }  (OpenAI's shape)
 *     top_p            number, 0 to 1
 *     seed             whole number
 * - `inputs.<name>`: `{ type?, default?, description? }` (or empty). `<name>` must be a variable
 *   name; `type` is one of string, number, integer, boolean, object, array, and a `default`
 *   must match it.
 * - `sample`: a mapping of example values. It is metadata: `renderPrompt` does not read it
 *   (pass `p.sample` as `vars` to preview with it).
 *
 * BODY
 * - A role marker is a line that is exactly `system:`, `user:` or `assistant:`
 *   (any letter case, trailing spaces allowed, nothing else on the line, no indentation).
 *   `user: said hi` is ordinary text. A line that is just `tool:`, `function:` or
 *   `developer:` is an error (those roles are not supported here).
 * - Each marker starts a message that runs to the next marker. Messages may come in any
 *   order and repeat (few-shot examples are user/assistant pairs).
 * - Non-blank text before the first marker is an error, unless the body has no markers at
 *   all: then the whole body is one user message.
 * - One blank line just after a marker and one blank line at the end of a message are
 *   dropped; everything else (inner blank lines, indentation, trailing spaces) is kept
 *   exactly. The newline that ends the file is not part of the last message.
 * - An empty message, or an empty body, is an error.
 * - A final `assistant:` message is a PREFILL: the model is asked to continue it (see
 *   `RenderedPrompt.prefill` for how it is sent).
 *
 * VARIABLES
 * - `{{name}}` or `{{ name }}` (spaces or tabs inside the braces), where name matches
 *   `[A-Za-z_][A-Za-z0-9_]*`. There is no other template logic: no filters, loops,
 *   conditions or dotted paths. `{{` followed by anything that is not a name and `}}`
 *   (e.g. `{{ 1abc }}`, `{{a.b}}`, `{{ x | upper }}`) is left in the text as it is.
 * - Variables are filled in message text only, never in the front matter, in one pass:
 *   a value that itself contains `{{x}}` is inserted as is.
 *
 * LINE ENDINGS: CRLF (and a leading BOM) are accepted and treated exactly like LF.
 *
 * POSITIONS: `PromptParseError.line`/`.column`, `PromptRenderError.line` and
 * `messages[i].line` are 0-based (like VS Code's `Position`); the human-readable messages
 * say "Line N" with N 1-based, as an editor shows it.
 */
import { isMap, isScalar, parseDocument, type Document } from 'yaml';

export type PromptRole = 'system' | 'user' | 'assistant';

export type ResponseFormat =
  | { type: 'json_object' }
  | { type: 'text' }
  | { type: 'json_schema'; name: string; schema: object; strict?: boolean };

/** Model parameters, camelCase here; the file spells them snake_case like the OpenAI API. */
export interface PromptParameters {
  temperature?: number;
  maxTokens?: number;
  stop?: string[];
  responseFormat?: ResponseFormat;
  topP?: number;
  seed?: number;
}

export interface PromptInput {
  type?: string;
  default?: unknown;
  description?: string;
}

export interface PromptMessage {
  role: PromptRole;
  /** The text, with `{{variables}}` not yet filled. */
  content: string;
  /** 0-based line in the file where the content starts. */
  line: number;
}

export interface PromptFile {
  name?: string;
  description?: string;
  parameters: PromptParameters;
  inputs: Record<string, PromptInput>;
  sample: Record<string, unknown>;
  messages: PromptMessage[];
  /** Distinct variable names used in the messages, in order of first use. */
  variables: string[];
}

export interface RenderedPrompt {
  messages: { role: PromptRole; content: string }[];
  /**
   * The final assistant message (filled), when the prompt ends with one. It is ALSO kept as
   * the last entry of `messages` (the choice: send the conversation as written). Servers
   * that support prefill through the chat API (e.g. Ollama, llama.cpp server, vLLM with
   * `continue_final_message`) continue from a trailing assistant message, and then the
   * whole answer is `prefill + reply`. Servers that do not (OpenAI's own API) treat it as a
   * finished turn and write a new reply; a model client can detect that (the reply does not
   * fit after the prefill) or drop the last message and prepend `prefill` itself.
   */
  prefill?: string;
}

/** A prompt file that cannot be used. `line`/`column` are 0-based; the message says "Line N:" (1-based). */
export class PromptParseError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(line: number, column: number, problem: string) {
    super(`Line ${line + 1}: ${problem}`);
    this.name = 'PromptParseError';
    this.line = line;
    this.column = column;
  }
}

/** A variable that has no value (neither in `vars` nor as an input default). */
export class PromptRenderError extends Error {
  /** The first variable without a value. */
  readonly variable: string;
  /** Every variable without a value, in order of first use. */
  readonly missing: string[];
  /** The names the caller provided (in `vars`), sorted. */
  readonly provided: string[];
  /** 0-based line of the first use of `variable`. */
  readonly line: number;

  constructor(missing: string[], provided: string[], line: number) {
    const names = missing.map((n) => `"${n}"`).join(', ');
    const list = provided.length ? provided.join(', ') : '(none)';
    super(
      `No value for variable${missing.length > 1 ? 's' : ''} ${names} (used on line ${line + 1}). ` +
        `Values provided: ${list}. Give ${missing.length > 1 ? 'them values' : 'it a value'} in the case's vars, ` +
        `or a default under "inputs:" in the front matter.`,
    );
    this.name = 'PromptRenderError';
    this.variable = missing[0];
    this.missing = missing;
    this.provided = provided;
    this.line = line;
  }
}

export const PROMPT_ROLES: readonly PromptRole[] = ['system', 'user', 'assistant'];

/** A role marker line (the line without its line break). */
export const ROLE_MARKER = /^(system|user|assistant):[ \t]*$/i;
const UNSUPPORTED_ROLE = /^(tool|function|developer):[ \t]*$/i;
const FENCE = /^---[ \t]*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `{{name}}` / `{{ name }}`; group 1 is the name. Global: reset `lastIndex` or use matchAll/replace. */
export const VARIABLE = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\}\}/g;

/** The role of a marker line, or undefined when the line is not a marker. */
export function roleOfMarker(line: string): PromptRole | undefined {
  const m = ROLE_MARKER.exec(line);
  return m ? (m[1].toLowerCase() as PromptRole) : undefined;
}

/** Distinct variable names in `text`, in order of first use. */
export function findVariables(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(VARIABLE)) seen.add(m[1]);
  return [...seen];
}

export function parsePrompt(text: string): PromptFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n/);
  // The newline that ends the file does not start another (blank) line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();

  let bodyStart = 0;
  let settings: FrontMatter = { parameters: {}, inputs: {}, sample: {} };
  if (FENCE.test(lines[0])) {
    const close = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
    if (close < 0) {
      throw new PromptParseError(
        0,
        0,
        'the front matter that starts here is never closed. Add a line with just "---" after the settings ' +
          '(or remove this "---" line if the file has no front matter).',
      );
    }
    settings = parseFrontMatter(lines.slice(1, close).join('\n'), 1);
    bodyStart = close + 1;
  }

  const messages = parseBody(lines, bodyStart);
  const variables = findVariables(messages.map((m) => m.content).join('\n'));
  return { ...settings, messages, variables };
}

export function renderPrompt(p: PromptFile, vars: Record<string, unknown>): RenderedPrompt {
  const missing: string[] = [];
  let firstMissingLine = -1;
  const valueOf = (name: string): string | undefined => {
    let v: unknown = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    if (v === undefined) {
      const input = Object.prototype.hasOwnProperty.call(p.inputs, name) ? p.inputs[name] : undefined;
      v = input?.default;
    }
    return v === undefined ? undefined : stringify(v);
  };

  const messages = p.messages.map((m) => {
    const content = m.content.replace(VARIABLE, (whole: string, name: string, offset: number) => {
      const value = valueOf(name);
      if (value !== undefined) return value;
      if (!missing.includes(name)) missing.push(name);
      if (firstMissingLine < 0) firstMissingLine = m.line + countNewlines(m.content.slice(0, offset));
      return whole;
    });
    return { role: m.role, content };
  });
  if (missing.length) {
    const provided = Object.keys(vars).filter((k) => vars[k] !== undefined).sort();
    throw new PromptRenderError(missing, provided, firstMissingLine);
  }
  const last = messages[messages.length - 1];
  return last?.role === 'assistant' ? { messages, prefill: last.content } : { messages };
}

/** The text of each role's messages joined by a blank line (variables not filled), for static checks. */
export function promptSections(p: PromptFile): { system: string; user: string; assistant: string; all: string } {
  const join = (role?: PromptRole) =>
    p.messages
      .filter((m) => role === undefined || m.role === role)
      .map((m) => m.content)
      .join('\n\n');
  return { system: join('system'), user: join('user'), assistant: join('assistant'), all: join() };
}

// ---------------------------------------------------------------------------------------------
// Body

function parseBody(lines: string[], start: number): PromptMessage[] {
  const markers: { index: number; role: PromptRole }[] = [];
  for (let i = start; i < lines.length; i++) {
    const role = roleOfMarker(lines[i]);
    if (role) {
      markers.push({ index: i, role });
      continue;
    }
    const bad = UNSUPPORTED_ROLE.exec(lines[i]);
    if (bad) {
      throw new PromptParseError(
        i,
        0,
        `"${bad[1]}:" is not a supported role. Use "system:", "user:" or "assistant:".`,
      );
    }
  }

  if (markers.length === 0) {
    const message = makeMessage('user', lines, start, lines.length);
    if (!message) {
      throw new PromptParseError(
        start,
        0,
        'the prompt is empty. Write the prompt text here, e.g. a "system:" line with instructions, then a "user:" line with the request.',
      );
    }
    return [message];
  }

  for (let i = start; i < markers[0].index; i++) {
    if (!isBlank(lines[i])) {
      throw new PromptParseError(
        i,
        0,
        'text before the first role marker. Start the body with "system:" or "user:" on a line of its own.',
      );
    }
  }

  return markers.map(({ index, role }, k) => {
    const end = k + 1 < markers.length ? markers[k + 1].index : lines.length;
    const message = makeMessage(role, lines, index + 1, end);
    if (!message) {
      throw new PromptParseError(
        index,
        0,
        `the "${role}:" message is empty. Write its text on the lines below the marker, or delete the marker.`,
      );
    }
    return message;
  });
}

/** The message made of lines [from, to), or undefined when it has no text. */
function makeMessage(role: PromptRole, lines: string[], from: number, to: number): PromptMessage | undefined {
  if (from < to && isBlank(lines[from])) from++;
  if (to > from && isBlank(lines[to - 1])) to--;
  const content = lines.slice(from, to).join('\n');
  if (content.trim() === '') return undefined;
  return { role, content, line: from };
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

function countNewlines(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === '\n') n++;
  return n;
}

function stringify(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  const json = JSON.stringify(v);
  return json === undefined ? String(v) : json;
}

// ---------------------------------------------------------------------------------------------
// Front matter

type FrontMatter = Pick<PromptFile, 'name' | 'description' | 'parameters' | 'inputs' | 'sample'>;

const PARAMETER_NAMES = ['temperature', 'max_tokens', 'stop', 'response_format', 'top_p', 'seed'] as const;
const INPUT_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const;

/** Reads the YAML between the fences; `firstLine` is the 0-based file line of its first line. */
function parseFrontMatter(source: string, firstLine: number): FrontMatter {
  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
    const nl = before.lastIndexOf('\n');
    return { line: firstLine + countNewlines(before), column: before.length - (nl + 1) };
  };

  if (doc.errors.length) {
    const e = doc.errors[0];
    const { line, column } = at(e.pos[0]);
    throw new PromptParseError(line, column, `front matter is not valid YAML: ${e.message}`);
  }

  const fail = (path: string[], problem: string, where: 'key' | 'value' = 'value'): never => {
    const { line, column } = at(locate(doc, path, where));
    throw new PromptParseError(line, column, problem);
  };

  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) return { parameters: {}, inputs: {}, sample: {} };
  if (!isRecord(data)) {
    return fail([], 'the front matter must be YAML settings ("key: value" lines), e.g. "name: My prompt".');
  }

  const out: FrontMatter = { parameters: {}, inputs: {}, sample: {} };
  for (const key of ['name', 'description'] as const) {
    const v = data[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') fail([key], `${key} must be text (got ${describe(v)}). Put it in quotes.`);
    else out[key] = v;
  }

  const model = data.model;
  if (model !== undefined && model !== null) {
    if (!isRecord(model)) fail(['model'], `model must be a group of settings, e.g. "model:" then "  parameters:" indented below it.`);
    else if (model.parameters !== undefined && model.parameters !== null) {
      out.parameters = parseParameters(model.parameters, fail);
    }
  }

  const inputs = data.inputs;
  if (inputs !== undefined && inputs !== null) {
    if (!isRecord(inputs)) fail(['inputs'], 'inputs must map each variable name to its declaration, e.g. "ticket: { type: string, default: "..." }".');
    else for (const [name, decl] of Object.entries(inputs)) out.inputs[name] = parseInput(name, decl, fail);
  }

  const sample = data.sample;
  if (sample !== undefined && sample !== null) {
    if (!isRecord(sample)) fail(['sample'], 'sample must map variable names to example values, e.g. "ticket: "My printer is on fire"".');
    else out.sample = sample;
  }
  return out;
}

type Fail = (path: string[], problem: string, where?: 'key' | 'value') => never;

function parseInput(name: string, decl: unknown, fail: Fail): PromptInput {
  const path = ['inputs', name];
  if (!IDENTIFIER.test(name)) {
    fail(path, `inputs.${name}: "${name}" is not a variable name. Use letters, digits and _, not starting with a digit.`, 'key');
  }
  if (decl === null || decl === undefined) return {};
  if (!isRecord(decl)) {
    return fail(path, `inputs.${name} must be a declaration like { type: string, default: ${JSON.stringify(stringify(decl))} } (got ${describe(decl)}).`);
  }
  const out: PromptInput = {};
  if (decl.type !== undefined && decl.type !== null) {
    if (typeof decl.type !== 'string' || !(INPUT_TYPES as readonly string[]).includes(decl.type)) {
      fail([...path, 'type'], `inputs.${name}.type must be one of ${INPUT_TYPES.join(', ')} (got ${describe(decl.type)}).`);
    }
    out.type = decl.type as string;
  }
  if (decl.description !== undefined && decl.description !== null) {
    if (typeof decl.description !== 'string') fail([...path, 'description'], `inputs.${name}.description must be text.`);
    out.description = decl.description as string;
  }
  if ('default' in decl && decl.default !== undefined) {
    if (out.type && !matchesType(decl.default, out.type)) {
      fail([...path, 'default'], `inputs.${name}.default must be of type ${out.type} (got ${describe(decl.default)}).`);
    }
    out.default = decl.default;
  }
  return out;
}

function matchesType(v: unknown, type: string): boolean {
  switch (type) {
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return Number.isSafeInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'array': return Array.isArray(v);
    case 'object': return isRecord(v);
    default: return true;
  }
}

function parseParameters(raw: unknown, fail: Fail): PromptParameters {
  const base = ['model', 'parameters'];
  if (!isRecord(raw)) return fail(base, 'model.parameters must be a group of settings such as "temperature: 0" indented below it.');
  const out: PromptParameters = {};
  for (const [key, v] of Object.entries(raw)) {
    const path = [...base, key];
    const dotted = path.join('.');
    const bad = (expected: string): never => fail(path, `${dotted} must be ${expected} (got ${describe(v)}).`);
    switch (key) {
      case 'temperature':
        if (typeof v !== 'number' || !(v >= 0 && v <= 2)) bad('a number from 0 to 2; 0 gives the most repeatable answers');
        out.temperature = v as number;
        break;
      case 'max_tokens':
        if (!Number.isSafeInteger(v) || (v as number) < 1) bad('a whole number above 0');
        out.maxTokens = v as number;
        break;
      case 'top_p':
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) bad('a number from 0 to 1');
        out.topP = v as number;
        break;
      case 'seed':
        if (!Number.isSafeInteger(v)) bad('a whole number');
        out.seed = v as number;
        break;
      case 'stop': {
        const list = typeof v === 'string' ? [v] : v;
        if (!Array.isArray(list) || list.length > 4 || !list.every((s) => typeof s === 'string' && s !== '')) {
          bad('a string or a list of at most 4 non-empty strings, e.g. ["</summary>"]');
        }
        if ((list as string[]).length) out.stop = list as string[];
        break;
      }
      case 'response_format':
        out.responseFormat = parseResponseFormat(v, path, fail);
        break;
      default: {
        const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/-/g, '_');
        const hint = (PARAMETER_NAMES as readonly string[]).includes(snake) ? ` Did you mean ${snake}?` : '';
        fail(path, `${dotted} is not a supported parameter.${hint} Supported: ${PARAMETER_NAMES.join(', ')}.`, 'key');
      }
    }
  }
  return out;
}

function parseResponseFormat(v: unknown, path: string[], fail: Fail): ResponseFormat {
  const dotted = path.join('.');
  const shapes = '{ type: json_object }, { type: text } or { type: json_schema, json_schema: { name: ..., schema: {...} } }';
  if (!isRecord(v)) return fail(path, `${dotted} must be ${shapes} (got ${describe(v)}).`);
  const extra = (allowed: string[]) => {
    const key = Object.keys(v).find((k) => !allowed.includes(k));
    if (key !== undefined) {
      fail([...path, key], `${dotted}.${key} is not allowed here. ${dotted} must be ${shapes}.`, 'key');
    }
  };
  switch (v.type) {
    case 'json_object':
    case 'text':
      extra(['type']);
      return { type: v.type };
    case 'json_schema': {
      extra(['type', 'json_schema']);
      const js = v.json_schema;
      const jsPath = [...path, 'json_schema'];
      if (!isRecord(js)) {
        return fail(v.json_schema === undefined ? path : jsPath, `${dotted}.json_schema must be given: { name: my_schema, schema: { type: object, ... } } (OpenAI's shape).`);
      }
      for (const k of Object.keys(js)) {
        if (!['name', 'schema', 'strict', 'description'].includes(k)) {
          fail([...jsPath, k], `${dotted}.json_schema.${k} is not allowed. Use name, schema, strict and description.`, 'key');
        }
      }
      if (typeof js.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(js.name)) {
        fail([...jsPath, 'name'], `${dotted}.json_schema.name must be 1 to 64 letters, digits, _ or - (got ${describe(js.name)}).`);
      }
      if (!isRecord(js.schema)) {
        fail([...jsPath, 'schema'], `${dotted}.json_schema.schema must be a JSON Schema object, e.g. { type: object, properties: {...} } (got ${describe(js.schema)}).`);
      }
      if (js.strict !== undefined && typeof js.strict !== 'boolean') {
        fail([...jsPath, 'strict'], `${dotted}.json_schema.strict must be true or false (got ${describe(js.strict)}).`);
      }
      const out: ResponseFormat = { type: 'json_schema', name: js.name as string, schema: js.schema as object };
      if (typeof js.strict === 'boolean') out.strict = js.strict;
      return out;
    }
    default:
      return fail(v.type === undefined ? path : [...path, 'type'], `${dotted}.type must be json_object, text or json_schema (got ${describe(v.type)}).`);
  }
}

/** Offset (in the YAML source) of the key or value at `path`; the deepest part that exists. */
function locate(doc: Document, path: string[], where: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === path[i]);
    if (!pair) break;
    offset = rangeStart(pair.key) ?? offset;
    node = pair.value;
    const last = i === path.length - 1;
    if (last && where === 'value' && !(isScalar(node) && node.value === null)) offset = rangeStart(node) ?? offset;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return `a list ${truncate(JSON.stringify(v))}`;
  if (typeof v === 'object') return `${truncate(JSON.stringify(v))}`;
  if (typeof v === 'string') return `"${truncate(v)}"`;
  return String(v);
}

function truncate(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
