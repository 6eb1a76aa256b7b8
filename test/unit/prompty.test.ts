import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  findVariables,
  parsePrompt,
  promptSections,
  PromptParseError,
  PromptRenderError,
  renderPrompt,
  ROLE_MARKER,
  VARIABLE,
} from '../../src/core/prompt/prompty';

const FULL = `---
name: Summarise a support ticket
description: optional
model:
  parameters:
    temperature: 0
    max_tokens: 200
    stop: ["</summary>"]
    response_format: { type: json_object }
inputs:
  ticket: { type: string, default: "My printer is on fire" }
sample:
  ticket: "The app crashes on start"
---
system:
You are a support analyst.

user:
Summarise the ticket inside <ticket> tags.
<ticket>
{{ticket}}
</ticket>

assistant:
{"summary": "
`;

/** Parses and returns the error, failing when parsing succeeds or throws something else. */
function parseError(text: string): PromptParseError {
  try {
    parsePrompt(text);
  } catch (e) {
    assert.ok(e instanceof PromptParseError, `expected PromptParseError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a PromptParseError');
}

function renderError(text: string, vars: Record<string, unknown>): PromptRenderError {
  try {
    renderPrompt(parsePrompt(text), vars);
  } catch (e) {
    assert.ok(e instanceof PromptRenderError, `expected PromptRenderError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a PromptRenderError');
}

describe('parsePrompt', function () {
  it('reads the full example', function () {
    const p = parsePrompt(FULL);
    assert.equal(p.name, 'Summarise a support ticket');
    assert.equal(p.description, 'optional');
    assert.deepEqual(p.parameters, {
      temperature: 0,
      maxTokens: 200,
      stop: ['</summary>'],
      responseFormat: { type: 'json_object' },
    });
    assert.deepEqual(p.inputs, { ticket: { type: 'string', default: 'My printer is on fire' } });
    assert.deepEqual(p.sample, { ticket: 'The app crashes on start' });
    assert.deepEqual(p.messages, [
      { role: 'system', content: 'You are a support analyst.', line: 15 },
      { role: 'user', content: 'Summarise the ticket inside <ticket> tags.\n<ticket>\n{{ticket}}\n</ticket>', line: 18 },
      { role: 'assistant', content: '{"summary": "', line: 24 },
    ]);
    assert.deepEqual(p.variables, ['ticket']);
  });

  it('needs no front matter', function () {
    const p = parsePrompt('system:\nBe brief.\nuser:\nHi {{name}}\n');
    assert.deepEqual(p.parameters, {});
    assert.deepEqual(p.inputs, {});
    assert.deepEqual(p.sample, {});
    assert.equal(p.name, undefined);
    assert.deepEqual(
      p.messages.map((m) => [m.role, m.content, m.line]),
      [
        ['system', 'Be brief.', 1],
        ['user', 'Hi {{name}}', 3],
      ],
    );
  });

  it('treats a body with no markers as one user message', function () {
    const p = parsePrompt('---\nname: x\n---\n\nTranslate {{text}} to French.\n\nKeep the tone.\n');
    assert.deepEqual(p.messages, [{ role: 'user', content: 'Translate {{text}} to French.\n\nKeep the tone.', line: 4 }]);
    assert.deepEqual(parsePrompt('Just this.').messages, [{ role: 'user', content: 'Just this.', line: 0 }]);
  });

  it('accepts an empty front matter', function () {
    const p = parsePrompt('---\n---\nuser:\nhi\n');
    assert.deepEqual(p.messages, [{ role: 'user', content: 'hi', line: 3 }]);
  });

  it('keeps few-shot user/assistant pairs in order', function () {
    const text = [
      'system:',
      'Classify sentiment as positive or negative.',
      '',
      'user:',
      'I love it',
      '',
      'assistant:',
      'positive',
      '',
      'user:',
      'It broke',
      '',
      'assistant:',
      'negative',
      '',
      'user:',
      '{{review}}',
      '',
    ].join('\n');
    const p = parsePrompt(text);
    assert.deepEqual(
      p.messages.map((m) => `${m.role}=${m.content}`),
      ['system=Classify sentiment as positive or negative.', 'user=I love it', 'assistant=positive', 'user=It broke', 'assistant=negative', 'user={{review}}'],
    );
    const r = renderPrompt(p, { review: 'Meh' });
    assert.equal(r.prefill, undefined, 'the last message is a user message: no prefill');
    assert.equal(r.messages.length, 6);
  });

  it('allows any order and repeated roles', function () {
    const p = parsePrompt('user:\na\nuser:\nb\nsystem:\nc\n');
    assert.deepEqual(p.messages.map((m) => m.role), ['user', 'user', 'system']);
  });

  it('matches role markers in any case, with trailing spaces, not with indentation or more text', function () {
    const p = parsePrompt('SYSTEM:  \nrules\nUser:\t\nuser: said hi\n  assistant:\nassistant: ok then\n');
    assert.deepEqual(p.messages, [
      { role: 'system', content: 'rules', line: 1 },
      { role: 'user', content: 'user: said hi\n  assistant:\nassistant: ok then', line: 3 },
    ]);
  });

  it('trims one blank line at each end of a message and keeps the rest exactly', function () {
    const p = parsePrompt('user:\n\n\n  indented  \n\n\tinner\n\n\nassistant:\nx\n');
    assert.deepEqual(p.messages[0], { role: 'user', content: '\n  indented  \n\n\tinner\n', line: 2 });
  });

  it('does not count the final newline of the file as a blank line', function () {
    assert.equal(parsePrompt('assistant:\nA\n\n').messages[0].content, 'A');
    assert.equal(parsePrompt('assistant:\nA\n\n\n').messages[0].content, 'A\n');
    assert.equal(parsePrompt('assistant:\nA').messages[0].content, 'A');
  });

  it('reads CRLF exactly like LF', function () {
    const crlf = FULL.replace(/\n/g, '\r\n');
    assert.deepEqual(parsePrompt(crlf), parsePrompt(FULL));
    for (const m of parsePrompt(crlf).messages) assert.ok(!m.content.includes('\r'));
    const err = parseError('---\r\nmodel:\r\n  parameters:\r\n    temperature: 5\r\n---\r\nuser:\r\nhi\r\n');
    assert.equal(err.line, 3);
    assert.equal(err.column, 17);
  });

  it('ignores a leading BOM', function () {
    assert.equal(parsePrompt('\uFEFF---\nname: n\n---\nuser:\nhi\n').name, 'n');
  });

  it('ignores unknown top-level keys and unknown model keys', function () {
    const p = parsePrompt('---\nauthors: [me]\nversion: 2\nmodel:\n  api: chat\n  configuration: { type: openai }\n---\nuser:\nhi\n');
    assert.deepEqual(p.parameters, {});
    assert.equal(p.messages.length, 1);
  });

  it('collects distinct variables in order of first use, with or without spaces', function () {
    const p = parsePrompt('system:\n{{ b }} then {{a}}\nuser:\n{{a}} {{\tb\t}} {{c}} {{ b }}\n');
    assert.deepEqual(p.variables, ['b', 'a', 'c']);
  });

  it('leaves {{ followed by a non-identifier as text', function () {
    const p = parsePrompt('user:\n{{ 1abc }} {{a.b}} {{ x | upper }} {{}} {{ ok_1 }}\n');
    assert.deepEqual(p.variables, ['ok_1']);
    const r = renderPrompt(p, { ok_1: 'yes' });
    assert.equal(r.messages[0].content, '{{ 1abc }} {{a.b}} {{ x | upper }} {{}} yes');
  });

  it('reads response_format json_schema in the OpenAI shape, stop as a string, top_p and seed', function () {
    const p = parsePrompt(
      [
        '---',
        'model:',
        '  parameters:',
        '    stop: END',
        '    top_p: 0.5',
        '    seed: 42',
        '    response_format:',
        '      type: json_schema',
        '      json_schema:',
        '        name: summary',
        '        strict: true',
        '        schema: { type: object, properties: { summary: { type: string } }, required: [summary] }',
        '---',
        'user:',
        'hi',
      ].join('\n'),
    );
    assert.deepEqual(p.parameters, {
      stop: ['END'],
      topP: 0.5,
      seed: 42,
      responseFormat: {
        type: 'json_schema',
        name: 'summary',
        strict: true,
        schema: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] },
      },
    });
  });

  it('accepts inputs with no declaration and typed defaults', function () {
    const p = parsePrompt('---\ninputs:\n  a:\n  n: { type: integer, default: 3 }\n  tags: { type: array, default: [x, y] }\n---\nuser:\n{{a}}{{n}}{{tags}}\n');
    assert.deepEqual(p.inputs, { a: {}, n: { type: 'integer', default: 3 }, tags: { type: 'array', default: ['x', 'y'] } });
  });
});

describe('parsePrompt errors', function () {
  const withParams = (lines: string[]) => ['---', 'name: t', 'model:', '  parameters:', ...lines.map((l) => `    ${l}`), '---', 'user:', 'hi', ''].join('\n');

  it('names model.parameters.temperature and its line', function () {
    const err = parseError(withParams(['max_tokens: 10', 'temperature: 5']));
    assert.equal(err.line, 5);
    assert.equal(err.column, 17, 'points at the value');
    assert.match(err.message, /^Line 6: model\.parameters\.temperature must be a number from 0 to 2/);
    assert.match(err.message, /got 5/);
  });

  const cases: [string, string, RegExp][] = [
    ['temperature: "0.5"', 'temperature', /must be a number from 0 to 2\b.*got "0\.5"/],
    ['temperature: -0.1', 'temperature', /from 0 to 2/],
    ['max_tokens: 0', 'max_tokens', /must be a whole number above 0 \(got 0\)/],
    ['max_tokens: 10.5', 'max_tokens', /whole number above 0/],
    ['top_p: 1.5', 'top_p', /must be a number from 0 to 1/],
    ['seed: 1.5', 'seed', /must be a whole number/],
    ['stop: [a, b, c, d, e]', 'stop', /at most 4/],
    ['stop: [a, 3]', 'stop', /list of at most 4 non-empty strings/],
    ['stop: ""', 'stop', /non-empty/],
    ['response_format: json_object', 'response_format', /must be \{ type: json_object \}/],
    ['response_format: { type: yaml }', 'response_format.type', /type must be json_object, text or json_schema \(got "yaml"\)/],
    ['response_format: { type: json_object, schema: {} }', 'response_format.schema', /is not allowed here/],
    ['response_format: { type: json_schema }', 'response_format', /json_schema must be given/],
    ['response_format: { type: json_schema, json_schema: { name: "a b", schema: {} } }', 'response_format.json_schema.name', /name must be 1 to 64/],
    ['response_format: { type: json_schema, json_schema: { name: s, schema: 3 } }', 'response_format.json_schema.schema', /schema must be a JSON Schema object/],
    ['response_format: { type: json_schema, json_schema: { name: s, schema: {}, strict: yes } }', 'response_format.json_schema.strict', /true or false/],
    ['maxTokens: 10', 'maxTokens', /is not a supported parameter\. Did you mean max_tokens\? Supported: temperature, max_tokens/],
    ['frequency_penalty: 1', 'frequency_penalty', /is not a supported parameter\. Supported:/],
  ];
  for (const [line, key, pattern] of cases) {
    it(`${line} → ${key}`, function () {
      const err = parseError(withParams([line]));
      assert.equal(err.line, 4, err.message);
      assert.ok(err.message.startsWith('Line 5: model.parameters.'), err.message);
      assert.ok(err.message.includes(`model.parameters.${key}`), err.message);
      assert.match(err.message, pattern);
    });
  }

  it('reports a parameter on a later line of a nested block', function () {
    const err = parseError(withParams(['response_format:', '  type: json_schema', '  json_schema:', '    name: ok', '    schema: []']));
    assert.equal(err.line, 8);
    assert.match(err.message, /^Line 9: model\.parameters\.response_format\.json_schema\.schema/);
  });

  it('reports a YAML syntax error with its line', function () {
    const err = parseError('---\nname: x\nmodel:\n  parameters: { temperature: 0\n---\nuser:\nhi\n');
    assert.ok(err.line >= 3 && err.line <= 4, `line ${err.line}`);
    assert.match(err.message, /^Line \d+: front matter is not valid YAML: /);
    const tab = parseError('---\nname: x\nmodel:\n\tparameters: {}\n---\nuser:\nhi\n');
    assert.equal(tab.line, 3);
    assert.match(tab.message, /^Line 4: front matter is not valid YAML/);
  });

  it('reports a duplicate key', function () {
    const err = parseError('---\nname: a\nname: b\n---\nuser:\nhi\n');
    assert.equal(err.line, 2);
    assert.match(err.message, /unique/);
  });

  it('reports front matter that is never closed', function () {
    const err = parseError('---\nname: x\nuser:\nhi\n');
    assert.equal(err.line, 0);
    assert.match(err.message, /^Line 1: the front matter .* never closed\. Add a line with just "---"/);
  });

  it('reports front matter that is not a mapping', function () {
    assert.match(parseError('---\n- a\n- b\n---\nuser:\nhi\n').message, /^Line 2: the front matter must be YAML settings/);
  });

  it('reports bad name, inputs and sample', function () {
    assert.match(parseError('---\nname: [a]\n---\nhi\n').message, /^Line 2: name must be text/);
    assert.match(parseError('---\ninputs: [a]\n---\nhi\n').message, /^Line 2: inputs must map/);
    assert.match(parseError('---\ninputs:\n  ticket: hello\n---\nhi\n').message, /^Line 3: inputs\.ticket must be a declaration like \{ type: string, default: "hello" \}/);
    assert.match(parseError('---\ninputs:\n  1x: {}\n---\nhi\n').message, /^Line 3: inputs\.1x: "1x" is not a variable name/);
    assert.match(parseError('---\ninputs:\n  a: { type: text }\n---\nhi\n').message, /^Line 3: inputs\.a\.type must be one of string, number/);
    assert.match(parseError('---\ninputs:\n  a:\n    type: number\n    default: "3"\n---\nhi\n').message, /^Line 5: inputs\.a\.default must be of type number \(got "3"\)/);
    assert.match(parseError('---\nsample: hello\n---\nhi\n').message, /^Line 2: sample must map/);
    assert.match(parseError('---\nmodel: gpt-4o\n---\nhi\n').message, /^Line 2: model must be a group of settings/);
  });

  it('reports text before the first role marker with its line', function () {
    const err = parseError('---\nname: x\n---\n\nHello there\nsystem:\nrules\n');
    assert.equal(err.line, 4);
    assert.equal(err.column, 0);
    assert.equal(err.message, 'Line 5: text before the first role marker. Start the body with "system:" or "user:" on a line of its own.');
  });

  it('reports an empty message and an empty prompt', function () {
    const empty = parseError('system:\n\nuser:\nhi\n');
    assert.equal(empty.line, 0);
    assert.match(empty.message, /^Line 1: the "system:" message is empty/);
    assert.match(parseError('user:\nhi\nassistant:\n').message, /^Line 3: the "assistant:" message is empty/);
    assert.match(parseError('').message, /^Line 1: the prompt is empty/);
    assert.match(parseError('---\nname: x\n---\n\n').message, /^Line 4: the prompt is empty/);
  });

  it('reports unsupported roles', function () {
    const err = parseError('user:\nhi\ntool:\nresult\n');
    assert.equal(err.line, 2);
    assert.match(err.message, /^Line 3: "tool:" is not a supported role\. Use "system:", "user:" or "assistant:"\./);
  });

  it('is an Error with a name', function () {
    const err = parseError('oops\nuser:\nhi');
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'PromptParseError');
  });
});

describe('renderPrompt', function () {
  it('fills variables, returns the final assistant message as prefill and keeps it in messages', function () {
    const r = renderPrompt(parsePrompt(FULL), { ticket: 'Screen is blank' });
    assert.deepEqual(r.messages, [
      { role: 'system', content: 'You are a support analyst.' },
      { role: 'user', content: 'Summarise the ticket inside <ticket> tags.\n<ticket>\nScreen is blank\n</ticket>' },
      { role: 'assistant', content: '{"summary": "' },
    ]);
    assert.equal(r.prefill, '{"summary": "');
  });

  it('fills a prefill that uses variables', function () {
    const r = renderPrompt(parsePrompt('user:\nName a {{kind}}.\nassistant:\nA {{ kind }}:'), { kind: 'fruit' });
    assert.equal(r.prefill, 'A fruit:');
    assert.equal(r.messages[1].content, 'A fruit:');
  });

  it('fills repeated variables and spaced forms', function () {
    const r = renderPrompt(parsePrompt('user:\n{{x}}-{{ x }}-{{\tx }}\n'), { x: 'v' });
    assert.equal(r.messages[0].content, 'v-v-v');
  });

  it('uses input defaults when a value is not given, and given values over defaults', function () {
    const p = parsePrompt(FULL);
    assert.match(renderPrompt(p, {}).messages[1].content, /My printer is on fire/);
    assert.match(renderPrompt(p, { ticket: 'Other' }).messages[1].content, /<ticket>\nOther\n<\/ticket>/);
    assert.match(renderPrompt(p, { ticket: undefined }).messages[1].content, /My printer is on fire/, 'undefined counts as not given');
  });

  it('does not use sample values', function () {
    const text = '---\nsample:\n  x: s\n---\nuser:\n{{x}}\n';
    assert.throws(() => renderPrompt(parsePrompt(text), {}), PromptRenderError);
    const p = parsePrompt(text);
    assert.equal(renderPrompt(p, p.sample).messages[0].content, 's');
  });

  it('JSON-stringifies values that are not strings', function () {
    const p = parsePrompt('user:\n{{n}}|{{b}}|{{o}}|{{a}}|{{z}}|{{s}}|{{big}}\n');
    const r = renderPrompt(p, { n: 3.5, b: false, o: { k: 'v', n: [1, 2] }, a: ['x', 1], z: null, s: '"quoted"', big: 10n });
    assert.equal(r.messages[0].content, '3.5|false|{"k":"v","n":[1,2]}|["x",1]|null|"quoted"|10');
  });

  it('fills in one pass: a value containing {{x}} is not expanded again', function () {
    const r = renderPrompt(parsePrompt('user:\n{{a}} {{b}}\n'), { a: '{{b}}', b: 'B' });
    assert.equal(r.messages[0].content, '{{b}} B');
  });

  it('inserts $ patterns literally', function () {
    const r = renderPrompt(parsePrompt('user:\n{{a}}\n'), { a: "$& $1 $$ $'" });
    assert.equal(r.messages[0].content, "$& $1 $$ $'");
  });

  it('names a missing variable and lists the provided ones', function () {
    const err = renderError('system:\nhi\nuser:\n{{ticket}} for {{customer}}\n', { customer: 'Ann', product: 'X' });
    assert.equal(err.variable, 'ticket');
    assert.deepEqual(err.missing, ['ticket']);
    assert.deepEqual(err.provided, ['customer', 'product']);
    assert.equal(err.line, 3);
    assert.equal(
      err.message,
      `No value for variable "ticket" (used on line 4). Values provided: customer, product. Give it a value in the case's vars, or a default under "inputs:" in the front matter.`,
    );
    assert.equal(err.name, 'PromptRenderError');
  });

  it('lists every missing variable, and says when none were provided', function () {
    const err = renderError('user:\nline\n{{a}}\n{{b}} {{a}}\n', {});
    assert.deepEqual(err.missing, ['a', 'b']);
    assert.equal(err.line, 2);
    assert.match(err.message, /^No value for variables "a", "b" \(used on line 3\)\. Values provided: \(none\)\. Give them values/);
  });

  it('does not read inherited properties as values', function () {
    const err = renderError('user:\n{{toString}}\n', {});
    assert.equal(err.variable, 'toString');
  });
});

describe('promptSections', function () {
  it('joins each role with blank lines, variables unfilled', function () {
    const p = parsePrompt('system:\nS1\nuser:\nU1 {{x}}\nassistant:\nA1\nsystem:\nS2\nuser:\nU2\n');
    assert.deepEqual(promptSections(p), {
      system: 'S1\n\nS2',
      user: 'U1 {{x}}\n\nU2',
      assistant: 'A1',
      all: 'S1\n\nU1 {{x}}\n\nA1\n\nS2\n\nU2',
    });
  });

  it('gives empty strings for absent roles', function () {
    assert.deepEqual(promptSections(parsePrompt('hello')), { system: '', user: 'hello', assistant: '', all: 'hello' });
  });
});

describe('findVariables', function () {
  it('is the same scan parsePrompt uses', function () {
    assert.deepEqual(findVariables('{{b}} {{ a }} {{b}} {{ 9 }}'), ['b', 'a']);
  });
});

describe('prompty grammar and language configuration', function () {
  const root = path.join(__dirname, '..', '..');
  const grammar = JSON.parse(readFileSync(path.join(root, 'media', 'syntaxes', 'prompty.tmLanguage.json'), 'utf8'));
  const config = JSON.parse(readFileSync(path.join(root, 'media', 'prompty.language-configuration.json'), 'utf8'));
  const repo = grammar.repository;

  /** Oniguruma → JS for the few constructs the grammar uses: a leading (?i) and \A on the first line. */
  function toJs(source: string): RegExp {
    const insensitive = source.startsWith('(?i)');
    return new RegExp(source.replace(/^\(\?i\)/, '').replace(/\\A/g, '^'), insensitive ? 'i' : '');
  }

  it('has the scope name and includes every rule', function () {
    assert.equal(grammar.scopeName, 'source.prompty');
    const includes = (grammar.patterns as { include: string }[]).map((p) => p.include);
    assert.deepEqual(includes, ['#front-matter', '#role-marker', '#unsupported-role-marker', '#variable']);
    for (const inc of includes) assert.ok(repo[inc.slice(1)], `missing repository rule ${inc}`);
  });

  it('embeds YAML in the front matter', function () {
    const fm = repo['front-matter'];
    const inner = fm.patterns[0];
    assert.equal(inner.contentName, 'meta.embedded.block.yaml');
    assert.deepEqual(inner.patterns, [{ include: 'source.yaml' }]);
    assert.ok(toJs(fm.begin).test('---'));
    assert.ok(toJs(inner.begin).test('---  '));
    const whileRe = toJs(inner.while);
    assert.ok(whileRe.test('name: x') && !whileRe.test('---') && !whileRe.test('--- '), 'the YAML stops at the closing fence');
    assert.ok(toJs(fm.end).test('---'));
  });

  it('marks role markers like the parser does', function () {
    const rule = repo['role-marker'];
    assert.equal(rule.captures['1'].name, 'keyword.control.role.prompty');
    const re = toJs(rule.match);
    const lines = ['system:', 'user:', 'assistant:', 'USER:  ', 'Assistant:\t', 'user: said hi', ' user:', 'users:', 'tool:', 'user', ''];
    for (const line of lines) assert.equal(re.test(line), ROLE_MARKER.test(line), JSON.stringify(line));
  });

  it('marks variables like the parser does, with punctuation scopes for the braces', function () {
    const rule = repo.variable;
    assert.equal(rule.captures['1'].name, 'punctuation.definition.template-expression.begin.prompty');
    assert.equal(rule.captures['2'].name, 'variable.other.prompty');
    assert.equal(rule.captures['3'].name, 'punctuation.definition.template-expression.end.prompty');
    const re = new RegExp(toJs(rule.match).source, 'g');
    const sample = '{{a}} {{ b_1 }} {{\tc\t}} {{ 1abc }} {{a.b}} {{}} {{ x | y }}';
    assert.deepEqual([...sample.matchAll(re)].map((m) => m[2]), [...sample.matchAll(VARIABLE)].map((m) => m[1]));
    assert.deepEqual([...sample.matchAll(re)].map((m) => m[2]), ['a', 'b_1', 'c']);
  });

  it('every pattern compiles', function () {
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (['match', 'begin', 'end', 'while'].includes(k) && typeof v === 'string') assert.doesNotThrow(() => toJs(v), v);
          else walk(v);
        }
      }
    };
    walk(grammar);
  });

  it('has brackets and auto-closing pairs', function () {
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
    const opens = (config.autoClosingPairs as { open: string }[]).map((p) => p.open);
    for (const o of ['{', '[', '(', '"']) assert.ok(opens.includes(o), o);
    assert.ok(!opens.includes("'"), "' is not auto-closed: prose is full of apostrophes");
  });
});
