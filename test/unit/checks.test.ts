import { strict as assert } from 'node:assert';
import { evaluateCheck } from '../../src/core/checks/engine';
import { checkRegistry } from '../../src/core/checks/registry';
import { BASE_CHECK_KINDS, type BaseCheckKind } from '../../src/core/checks/kinds/names';
import type { CheckInput, CheckOutcome } from '../../src/core/checks/types';
import type { CheckSpec } from '../../src/core/lessons/schema';

/** Runs one base kind through the engine (which turns a check that cannot judge into a failure). */
function check(type: BaseCheckKind, spec: Omit<CheckSpec, 'type'>, output: unknown, extra: Omit<CheckInput, 'output'> = {}): CheckOutcome {
  return evaluateCheck({ type, ...spec } as CheckSpec, { output, ...extra });
}

function assertPass(r: CheckOutcome) {
  assert.equal(r.pass, true, `expected a pass, got: ${r.reason}`);
  assert.equal(r.score, 1);
}

function assertFail(r: CheckOutcome, reasonIncludes?: string | RegExp) {
  assert.equal(r.pass, false, `expected a failure, got a pass: ${r.reason}`);
  assert.equal(r.score, 0);
  if (typeof reasonIncludes === 'string') assert.ok(r.reason.includes(reasonIncludes), `reason ${JSON.stringify(r.reason)} should include ${JSON.stringify(reasonIncludes)}`);
  else if (reasonIncludes) assert.match(r.reason, reasonIncludes);
}

describe('checkRegistry', function () {
  it('has a handler for every base kind, and nothing else', function () {
    assert.deepEqual(Object.keys(checkRegistry).sort(), [...BASE_CHECK_KINDS].sort());
    for (const k of BASE_CHECK_KINDS) assert.equal(typeof checkRegistry[k], 'function', k);
  });

  it('every handler returns {pass, score, reason} with a non-empty reason and a score in [0, 1]', function () {
    for (const k of BASE_CHECK_KINDS) {
      const r = check(k, { value: 'x' }, 'x', k === 'throws' ? { error: { message: 'x' } } : {});
      assert.equal(typeof r.pass, 'boolean', k);
      assert.ok(r.score >= 0 && r.score <= 1, `${k}: score ${r.score}`);
      assert.ok(typeof r.reason === 'string' && r.reason.length > 0, k);
    }
  });
});

describe('check kind: equals', function () {
  it('passes on deep equality regardless of key order', function () {
    assertPass(check('equals', { value: { a: 1, b: [1, 2, { c: 'x' }] } }, { b: [1, 2, { c: 'x' }], a: 1 }));
  });

  it('passes on equal primitives, null and NaN', function () {
    assertPass(check('equals', { value: 'hi' }, 'hi'));
    assertPass(check('equals', { value: null }, null));
    assertPass(check('equals', { value: Number.NaN }, Number.NaN));
  });

  it('treats a key set to undefined like a missing key', function () {
    assertPass(check('equals', { value: { a: 1 } }, { a: 1, b: undefined }));
  });

  it('fails on type differences that JSON would blur', function () {
    assertFail(check('equals', { value: 1 }, '1'));
    assertFail(check('equals', { value: [] }, {}));
    assertFail(check('equals', { value: { 0: 'a' } }, ['a']));
    assertFail(check('equals', { value: null }, undefined));
  });

  it('reports the path of the first difference in a nested value', function () {
    const r = check('equals', { value: [{ score: 1 }, { score: 2 }, { score: 3 }] }, [{ score: 1 }, { score: 2 }, { score: 4 }]);
    assertFail(r, /: \[2\]\.score\b/);
    assert.match(r.reason, /\b4\b.*\b3\b/, 'names the actual and expected leaf values');
  });

  it('reports a nested object key path', function () {
    assertFail(check('equals', { value: { meta: { tags: ['a', 'b'] } } }, { meta: { tags: ['a', 'c'] } }), /: meta\.tags\[1\] /);
  });

  it('reports a length mismatch with actual and expected lengths', function () {
    assertFail(check('equals', { value: [1, 2, 3] }, [1, 2]), 'value has length 2, expected 3');
  });

  it('reports a key the output is missing', function () {
    assertFail(check('equals', { value: { a: 1, b: 2 } }, { a: 1 }), /: b /);
  });

  it('fills expected and actual on failure', function () {
    const r = check('equals', { value: { a: 1 } }, { a: 2 });
    assert.equal(r.expected, '{"a":1}');
    assert.equal(r.actual, '{"a":2}');
  });

  it('leaves expected and actual out on a pass', function () {
    const r = check('equals', { value: 1 }, 1);
    assert.equal(r.expected, undefined);
    assert.equal(r.actual, undefined);
  });
});

describe('check kind: approx', function () {
  it('passes within the default tolerance and fails outside it', function () {
    assertPass(check('approx', { value: 0.3 }, 0.1 + 0.2));
    assertFail(check('approx', { value: 0.3 }, 0.31), 'value is 0.31, expected 0.3');
  });

  it('honours the tolerance option (inclusive)', function () {
    assertPass(check('approx', { value: 1, tolerance: 0.5 }, 1.5));
    assertPass(check('approx', { value: 1, tolerance: 0.5 }, 0.5));
    assertFail(check('approx', { value: 1, tolerance: 0.5 }, 1.6), '± 0.5');
  });

  it('walks nested arrays and reports the index', function () {
    assertPass(check('approx', { value: [[0.1, 0.2], [0.3]] }, [[0.1000000001, 0.2], [0.3]]));
    assertFail(check('approx', { value: [[0.1, 0.2], [0.3]], tolerance: 0.01 }, [[0.1, 0.2], [0.5]]), '[1][0] is 0.5');
  });

  it('walks nested objects and reports the key path', function () {
    assertPass(check('approx', { value: { stats: { mean: 2, sd: 0.5 } }, tolerance: 0.01 }, { stats: { mean: 2.001, sd: 0.499 } }));
    assertFail(check('approx', { value: { stats: { mean: 2, sd: 0.5 } }, tolerance: 0.01 }, { stats: { mean: 2, sd: 0.6 } }), 'stats.sd is 0.6');
  });

  it('compares non-number leaves exactly', function () {
    assertPass(check('approx', { value: { label: 'cat', p: 0.9 }, tolerance: 0.05 }, { label: 'cat', p: 0.88 }));
    assertFail(check('approx', { value: { label: 'cat', p: 0.9 }, tolerance: 0.05 }, { label: 'dog', p: 0.9 }), 'label is "dog"');
  });

  it('fails on shape mismatches', function () {
    assertFail(check('approx', { value: [1, 2] }, [1]), 'has length 1, expected 2');
    assertFail(check('approx', { value: [1, 2] }, { 0: 1, 1: 2 }), 'not an array');
    assertFail(check('approx', { value: { a: 1 } }, 1), 'not an object');
    assertFail(check('approx', { value: 1 }, '1'), 'expected a number near 1');
  });

  it('fails when the output is NaN', function () {
    assertFail(check('approx', { value: 1, tolerance: 100 }, Number.NaN), 'expected a number near 1');
  });

  it('names NaN as NaN (not null) in the reason', function () {
    // JSON.stringify(NaN) is "null": a learner whose function returned NaN must not be told it returned null.
    const r = check('approx', { value: 1 }, Number.NaN);
    assert.equal(r.pass, false);
    assert.match(r.reason, /NaN/);
    assert.doesNotMatch(r.reason, /\bnull\b/);
  });

  it('fails when a nested value is NaN and reports where', function () {
    assertFail(check('approx', { value: [1, 2] }, [1, Number.NaN]), '[1]');
  });
});

describe('check kind: javascript', function () {
  it('passes when a boolean expression holds and fails when it does not', function () {
    assertPass(check('javascript', { value: 'output > 2' }, 3));
    assertFail(check('javascript', { value: 'output > 2' }, 1), 'Does not hold: output > 2');
  });

  it('sees output and args', function () {
    assertPass(check('javascript', { value: 'output === args[0] + args[1]' }, 5, { args: [2, 3] }));
    assertFail(check('javascript', { value: 'output === args[0] + args[1]' }, 6, { args: [2, 3] }));
  });

  it('gives args as an empty array when the input has none', function () {
    assertPass(check('javascript', { value: 'Array.isArray(args) && args.length === 0' }, null));
  });

  it('accepts a function body with return', function () {
    const body = 'const words = output.split(" "); return words.length === 3;';
    assertPass(check('javascript', { value: body }, 'one two three'));
    assertFail(check('javascript', { value: body }, 'one two'));
  });

  it('treats a number as a score against the default threshold of 1', function () {
    const r = check('javascript', { value: '0.5' }, null);
    assert.equal(r.pass, false);
    assert.equal(r.score, 0.5);
    assert.match(r.reason, /Scored 0.5 \(needs 1\)/);
    assertPass(check('javascript', { value: '1' }, null));
  });

  it('treats a number as a score against an explicit threshold', function () {
    const r = check('javascript', { value: 'output.hits / output.total', threshold: 0.7 }, { hits: 8, total: 10 });
    assert.equal(r.pass, true);
    assert.equal(r.score, 0.8);
    const low = check('javascript', { value: 'output.hits / output.total', threshold: 0.7 }, { hits: 6, total: 10 });
    assert.equal(low.pass, false);
    assert.equal(low.score, 0.6);
    assert.match(low.reason, /needs 0.7/);
  });

  it('clamps a numeric score into [0, 1]', function () {
    assert.equal(check('javascript', { value: '5' }, null).score, 1);
    const neg = check('javascript', { value: '-2', threshold: 0 }, null);
    assert.equal(neg.score, 0);
    assert.equal(neg.pass, false);
  });

  it('does not produce a NaN score when the expression yields NaN', function () {
    // An expression such as `output.hits / output.total` with total 0 gives NaN.
    const r = check('javascript', { value: 'output.hits / output.total', threshold: 0.5 }, { hits: 0, total: 0 });
    assert.equal(r.pass, false);
    assert.ok(r.score >= 0 && r.score <= 1, `score should be in [0, 1], got ${r.score}`);
  });

  it('uses a {pass, score, reason} object as it is', function () {
    const r = check('javascript', { value: '({ pass: false, score: 0.25, reason: "only 1 of 4 cited" })' }, 'x');
    assert.equal(r.pass, false);
    assert.equal(r.score, 0.25);
    assert.equal(r.reason, 'only 1 of 4 cited');
    assert.equal(r.actual, '"x"');
  });

  it('fills in score and reason when the object has only pass', function () {
    const ok = check('javascript', { value: 'return { pass: output.length > 0 };' }, 'x');
    assert.deepEqual([ok.pass, ok.score, ok.reason], [true, 1, 'Passed.']);
    const bad = check('javascript', { value: 'return { pass: output.length > 0 };' }, '');
    assert.deepEqual([bad.pass, bad.score, bad.reason], [false, 0, 'Failed.']);
  });

  it('keeps the score of a {pass, score} object within [0, 1]', function () {
    const r = check('javascript', { value: '({ pass: true, score: 3 })' }, null);
    assert.equal(r.pass, true);
    assert.ok(r.score >= 0 && r.score <= 1, `score should be in [0, 1], got ${r.score}`);
  });

  it('fails clearly when the expression throws', function () {
    assertFail(check('javascript', { value: 'output.missing.deeper === 1' }, {}), "The check's expression threw:");
    assertFail(check('javascript', { value: '(() => { throw new Error("boom"); })()' }, {}), 'boom');
  });

  it('fails clearly on a syntax error', function () {
    assertFail(check('javascript', { value: 'output ===' }, 1), "The check's expression threw:");
  });

  it('fails clearly when the expression returns something it cannot grade', function () {
    assertFail(check('javascript', { value: '"yes"' }, 1), 'expected true/false, a number, or {pass, score, reason}');
    assertFail(check('javascript', { value: 'undefined' }, 1), 'returned undefined');
  });

  it('fails clearly when value is not a string', function () {
    assertFail(check('javascript', { value: 42 }, 1), 'needs `value`');
    assertFail(check('javascript', {}, 1), 'needs `value`');
  });

  it('treats an expression that merely mentions "return" in a string as an expression', function () {
    // /\breturn\b/ decides expression vs function body, so a string literal containing the word
    // turns this expression into a body without a return statement (the result is undefined).
    assertPass(check('javascript', { value: "output.includes('return')" }, 'early return'));
  });
});

describe('check kind: throws', function () {
  it('fails when the call returned normally', function () {
    const r = check('throws', {}, 42);
    assertFail(r, 'returned normally');
    assert.equal(r.actual, '42');
  });

  it('passes on any error when no value is given', function () {
    const r = check('throws', {}, undefined, { error: { message: 'bad input', name: 'TypeError' } });
    assertPass(r);
    assert.match(r.reason, /bad input/);
  });

  it('requires the message to contain value as a substring', function () {
    assertPass(check('throws', { value: 'empty' }, undefined, { error: { message: 'chunk size must not be empty' } }));
    const r = check('throws', { value: 'negative' }, undefined, { error: { message: 'chunk size must not be empty' } });
    assertFail(r, 'does not mention "negative"');
    assert.equal(r.actual, '"chunk size must not be empty"');
  });

  it('is case-sensitive about the message', function () {
    assert.equal(check('throws', { value: 'Empty' }, undefined, { error: { message: 'empty' } }).pass, false);
  });
});

describe('check kinds: contains, icontains, contains-any, contains-all', function () {
  const rows: Array<{ kind: BaseCheckKind; value: unknown; output: unknown; pass: boolean; reason: string }> = [
    { kind: 'contains', value: 'world', output: 'hello world', pass: true, reason: 'contains "world"' },
    { kind: 'contains', value: 'World', output: 'hello world', pass: false, reason: 'does not contain "World"' },
    { kind: 'contains', value: '"a":1', output: { a: 1 }, pass: true, reason: 'contains' },
    { kind: 'contains', value: 42, output: [1, 42, 3], pass: true, reason: 'contains "42"' },
    { kind: 'contains', value: 'x', output: undefined, pass: false, reason: 'does not contain "x"' },
    { kind: 'icontains', value: 'WORLD', output: 'Hello World', pass: true, reason: 'ignoring case' },
    { kind: 'icontains', value: 'planet', output: 'Hello World', pass: false, reason: 'does not contain "planet" (ignoring case)' },
    { kind: 'icontains', value: 'TRUE', output: { ok: true }, pass: true, reason: 'ignoring case' },
    { kind: 'contains-any', value: ['cat', 'dog'], output: 'hot dog', pass: true, reason: 'contains "dog"' },
    { kind: 'contains-any', value: ['cat', 'dog'], output: 'a bird', pass: false, reason: 'none of ["cat","dog"]' },
    { kind: 'contains-any', value: [7, 'zz'], output: { n: 7 }, pass: true, reason: 'contains "7"' },
    { kind: 'contains-any', value: [], output: 'anything', pass: false, reason: 'none of []' },
    { kind: 'contains-all', value: ['a', 'b'], output: 'a and b', pass: true, reason: 'all 2 values' },
    { kind: 'contains-all', value: ['"id":1', 'name'], output: { id: 1, name: 'x' }, pass: true, reason: 'all 2 values' },
  ];
  for (const row of rows) {
    it(`${row.kind} ${JSON.stringify(row.value)} on ${JSON.stringify(row.output)} → ${row.pass ? 'pass' : 'fail'}`, function () {
      const r = check(row.kind, { value: row.value }, row.output);
      assert.equal(r.pass, row.pass, r.reason);
      assert.equal(r.score, row.pass ? 1 : 0);
      assert.ok(r.reason.includes(row.reason), `reason ${JSON.stringify(r.reason)} should include ${JSON.stringify(row.reason)}`);
    });
  }

  it('contains-all gives a partial score and names what is missing', function () {
    const r = check('contains-all', { value: ['alpha', 'beta', 'gamma', 'delta'] }, 'alpha gamma');
    assert.equal(r.pass, false);
    assert.equal(r.score, 0.5);
    assert.match(r.reason, /missing \["beta","delta"\]/);
    assert.equal(r.expected, '["alpha","beta","gamma","delta"]');
  });

  it('contains-all scores 0 when nothing is present', function () {
    const r = check('contains-all', { value: ['x', 'y', 'z'] }, 'abc');
    assert.equal(r.pass, false);
    assert.equal(r.score, 0);
  });

  it('a failed contains reports the needle and the output', function () {
    const r = check('contains', { value: 'needle' }, 'haystack');
    assert.equal(r.expected, '"needle"');
    assert.equal(r.actual, '"haystack"');
  });
});

describe('check kinds: regex and starts-with', function () {
  it('matches a pattern against the output', function () {
    assertPass(check('regex', { value: '^\\d{3}-\\d{4}$' }, '555-1234'));
    assertFail(check('regex', { value: '^\\d{3}-\\d{4}$' }, '555-12345'), 'does not match /^\\d{3}-\\d{4}$/');
  });

  it('honours flags', function () {
    assertFail(check('regex', { value: '^hello' }, 'HELLO there'));
    assertPass(check('regex', { value: '^hello', flags: 'i' }, 'HELLO there'));
    assertPass(check('regex', { value: '^second', flags: 'm' }, 'first\nsecond'));
    const r = check('regex', { value: 'x', flags: 'i' }, 'y');
    assert.match(r.reason, /\/x\/i/);
    assert.equal(r.expected, '/x/i', 'a regex is shown as a regex, not as an escaped JSON string');
    assert.equal(check('regex', { value: '^\\s*billing\\s*$' }, 'x').expected, '/^\\s*billing\\s*$/');
  });

  it('matches JSON text for non-string output', function () {
    assertPass(check('regex', { value: '"score":0\\.\\d+' }, { score: 0.75 }));
  });

  it('fails clearly on an invalid pattern instead of throwing', function () {
    assertFail(check('regex', { value: '(unclosed' }, 'anything'), 'not a valid regular expression');
  });

  it('fails clearly when value is not a string', function () {
    assertFail(check('regex', { value: 5 }, '5'), 'needs `value`');
  });

  it('starts-with passes and fails on the prefix', function () {
    assertPass(check('starts-with', { value: 'Answer:' }, 'Answer: 42'));
    const r = check('starts-with', { value: 'Answer:' }, 'The Answer: 42');
    assertFail(r, 'does not start with "Answer:"');
    assert.equal(r.expected, '"Answer:"');
  });

  it('starts-with looks at JSON text for non-string output', function () {
    assertPass(check('starts-with', { value: '[1,' }, [1, 2]));
    assertFail(check('starts-with', { value: '1' }, [1, 2]));
  });
});

describe('check kinds: is-json and json-schema', function () {
  it('is-json passes valid JSON text', function () {
    assertPass(check('is-json', {}, '{"a": [1, 2]}'));
    assertPass(check('is-json', {}, '3'));
  });

  it('is-json fails invalid JSON text with the parser message', function () {
    assertFail(check('is-json', {}, '{a: 1}'), 'Output is not valid JSON:');
  });

  it('is-json fails non-string output, naming its type', function () {
    assertFail(check('is-json', {}, { a: 1 }), 'Output is a object, not a JSON string');
    assertFail(check('is-json', {}, 3), 'is a number');
  });

  const schema = {
    type: 'object',
    required: ['name', 'tags'],
    properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
  };

  it('json-schema passes a conforming value', function () {
    assertPass(check('json-schema', { value: schema }, { name: 'x', tags: ['a'] }));
  });

  it('json-schema parses string output first', function () {
    assertPass(check('json-schema', { value: schema }, '{"name": "x", "tags": []}'));
    assertFail(check('json-schema', { value: schema }, '{"name": 1, "tags": []}'), '/name must be string');
  });

  it('json-schema fails with the error path in the reason', function () {
    const r = check('json-schema', { value: schema }, { name: 'x', tags: ['a', 2] });
    assertFail(r, '/tags/1 must be string');
    assert.equal(r.actual, '{"name":"x","tags":["a",2]}');
  });

  it('json-schema names a missing property at the root', function () {
    assertFail(check('json-schema', { value: schema }, { name: 'x' }), "(root) must have required property 'tags'");
  });

  it('json-schema fails string output that is not JSON', function () {
    assertFail(check('json-schema', { value: schema }, 'not json'), 'Output is not valid JSON');
  });

  it('json-schema fails clearly on an invalid schema', function () {
    assertFail(check('json-schema', { value: { type: 'no-such-type' } }, {}), "The check's schema is invalid");
  });

  it('json-schema fails clearly without a schema object', function () {
    assertFail(check('json-schema', {}, {}), 'needs `value`: a JSON Schema object');
    assertFail(check('json-schema', { value: 'object' }, {}), 'needs `value`');
  });

  it('json-schema grades the same schema object repeatedly', function () {
    const s = { type: 'array', maxItems: 2 };
    assertPass(check('json-schema', { value: s }, [1]));
    assertFail(check('json-schema', { value: s }, [1, 2, 3]), 'must NOT have more than 2 items');
    assertPass(check('json-schema', { value: s }, [1, 2]));
  });

  it('json-schema accepts separate schema objects that share an $id (the same schema in two checks)', function () {
    // e.g. two checks in one lesson that use the same schema with "$id": each check's spec
    // arrives in the sandbox as its own object, so ajv sees a second schema under that id.
    assertPass(check('json-schema', { value: { $id: 'answer', type: 'string' } }, '"x"'));
    assertPass(check('json-schema', { value: { $id: 'answer', type: 'string' } }, '"y"'));
    assertPass(check('json-schema', { value: { $id: 'answer', type: 'number' } }, 3));
  });
});

describe('check kinds: length and word-count', function () {
  it('length counts characters of a string', function () {
    assertPass(check('length', { min: 3, max: 5 }, 'abcd'));
    assertFail(check('length', { min: 3, max: 5 }, 'abcdef'), 'Length is 6, outside 3…5');
    assertFail(check('length', { min: 3 }, 'ab'), 'Length is 2, outside 3…∞');
  });

  it('length counts items of an array, not characters of its JSON', function () {
    const r = check('length', { min: 2, max: 2 }, ['long string one', 'two']);
    assertPass(r);
    assert.match(r.reason, /Array length is 2/);
    assertFail(check('length', { max: 1 }, [1, 2, 3]), 'Array length is 3, outside 0…1');
  });

  it('length bounds are inclusive and optional', function () {
    assertPass(check('length', { min: 2, max: 2 }, 'ab'));
    assertPass(check('length', {}, ''));
    const r = check('length', { max: 3 }, 'abcd');
    assert.equal(r.expected, '"0…3"');
    assert.equal(r.actual, '4');
  });

  it('word-count counts whitespace-separated words', function () {
    const r = check('word-count', { min: 3, max: 4 }, '  one two\n\tthree  ');
    assertPass(r);
    assert.match(r.reason, /Word count is 3/);
    assertFail(check('word-count', { max: 2 }, 'one two three'), 'Word count is 3, outside 0…2');
    assertFail(check('word-count', { min: 1 }, '   '), 'Word count is 0');
  });

  it('word-count min only and max only', function () {
    assertPass(check('word-count', { min: 2 }, 'a b c d e'));
    assertFail(check('word-count', { min: 6 }, 'a b c d e'), 'outside 6…∞');
    assertPass(check('word-count', { max: 5 }, 'a b c d e'));
  });
});
