import { strict as assert } from 'node:assert';
import { evaluateCheck } from '../../src/core/checks/engine';
import { describeCheck } from '../../src/core/checks/describe';
import { checkRegistry } from '../../src/core/checks/registry';
import { BASE_CHECK_KINDS } from '../../src/core/checks/kinds/names';
import type { CheckInput } from '../../src/core/checks/types';
import type { CheckSpec } from '../../src/core/lessons/schema';

const spec = (s: Partial<CheckSpec> & { type: string }): CheckSpec => s as CheckSpec;

describe('evaluateCheck', function () {
  it('passes a plain kind through unchanged', function () {
    const r = evaluateCheck(spec({ type: 'equals', value: [1, 2] }), { output: [1, 2] });
    assert.deepEqual(r, { pass: true, score: 1, reason: 'Output equals the expected value.' });
  });

  describe('not- negation', function () {
    const rows: Array<{ type: string; value?: unknown; output: unknown; basePass: boolean }> = [
      { type: 'equals', value: 3, output: 3, basePass: true },
      { type: 'equals', value: 3, output: 4, basePass: false },
      { type: 'contains', value: 'bad word', output: 'a clean reply', basePass: false },
      { type: 'contains', value: 'bad word', output: 'a bad word here', basePass: true },
      { type: 'icontains', value: 'SORRY', output: 'sorry, I cannot', basePass: true },
      { type: 'regex', value: '\\d', output: 'no digits', basePass: false },
      { type: 'is-json', output: '{"a":1}', basePass: true },
      { type: 'is-json', output: 'plain text', basePass: false },
      { type: 'javascript', value: 'output.length < 5', output: 'abc', basePass: true },
      { type: 'approx', value: 1, output: 1.5, basePass: false },
    ];
    for (const row of rows) {
      it(`not-${row.type} on ${JSON.stringify(row.output)} ${row.basePass ? 'fails' : 'passes'}`, function () {
        const input: CheckInput = { output: row.output };
        const base = evaluateCheck(spec({ type: row.type, value: row.value }), input);
        const neg = evaluateCheck(spec({ type: `not-${row.type}`, value: row.value }), input);
        assert.equal(base.pass, row.basePass, base.reason);
        assert.equal(neg.pass, !row.basePass, neg.reason);
        assert.equal(neg.score, 1 - base.score);
        assert.ok(neg.reason.includes(base.reason), 'the negated reason quotes the base reason');
        assert.ok(neg.reason.includes(`not-${row.type}`), 'the negated reason names the kind');
      });
    }

    it('says "Expected the opposite" and shows the output when the negation fails', function () {
      const r = evaluateCheck(spec({ type: 'not-contains', value: 'secret' }), { output: 'the secret is 42' });
      assert.equal(r.pass, false);
      assert.match(r.reason, /^Expected the opposite \(not-contains\): Output contains "secret"\.$/);
      assert.equal(r.actual, '"the secret is 42"');
    });

    it('says "As required" when the negation passes', function () {
      const r = evaluateCheck(spec({ type: 'not-contains', value: 'secret' }), { output: 'nothing to see' });
      assert.equal(r.pass, true);
      assert.match(r.reason, /^As required \(not-contains\): /);
    });

    it('turns a partial score into its complement', function () {
      const input = { output: 'alpha beta' };
      const base = evaluateCheck(spec({ type: 'contains-all', value: ['alpha', 'beta', 'gamma', 'delta'] }), input);
      const neg = evaluateCheck(spec({ type: 'not-contains-all', value: ['alpha', 'beta', 'gamma', 'delta'] }), input);
      assert.equal(base.score, 0.5);
      assert.equal(neg.score, 0.5);
      const base3 = evaluateCheck(spec({ type: 'contains-all', value: ['alpha', 'x', 'y', 'z'] }), input);
      const neg3 = evaluateCheck(spec({ type: 'not-contains-all', value: ['alpha', 'x', 'y', 'z'] }), input);
      assert.equal(base3.score, 0.25);
      assert.equal(neg3.score, 0.75);
      assert.equal(neg3.pass, true);
    });
  });

  describe('a call that threw', function () {
    const error = { message: 'input must not be empty', name: 'RangeError' };

    it('fails every kind except throws, quoting the error', function () {
      for (const kind of BASE_CHECK_KINDS) {
        if (kind === 'throws') continue;
        for (const type of [kind, `not-${kind}`]) {
          const r = evaluateCheck(spec({ type, value: 'x' }), { output: undefined, error });
          assert.equal(r.pass, false, `${type} should fail when the call threw`);
          assert.equal(r.score, 0, type);
          assert.equal(r.reason, 'The call threw: input must not be empty', type);
          assert.equal(r.actual, 'RangeError: input must not be empty', type);
        }
      }
    });

    it('names an error without a name as Error', function () {
      const r = evaluateCheck(spec({ type: 'equals', value: 1 }), { output: undefined, error: { message: 'boom' } });
      assert.equal(r.actual, 'Error: boom');
    });

    it('passes throws', function () {
      const r = evaluateCheck(spec({ type: 'throws', value: 'empty' }), { output: undefined, error });
      assert.equal(r.pass, true);
      assert.equal(r.score, 1);
    });

    it('fails not-throws', function () {
      const r = evaluateCheck(spec({ type: 'not-throws' }), { output: undefined, error });
      assert.equal(r.pass, false);
      assert.equal(r.score, 0);
      assert.match(r.reason, /input must not be empty/);
    });

    it('passes not-throws when there was no error', function () {
      const r = evaluateCheck(spec({ type: 'not-throws' }), { output: 7 });
      assert.equal(r.pass, true);
      assert.equal(r.score, 1);
    });

    it('fails throws when there was no error', function () {
      const r = evaluateCheck(spec({ type: 'throws' }), { output: 7 });
      assert.equal(r.pass, false);
      assert.match(r.reason, /returned normally/);
    });
  });

  describe('a handler that throws', function () {
    const original = checkRegistry.equals;
    afterEach(function () {
      checkRegistry.equals = original;
    });

    it('becomes a failed outcome, not an exception', function () {
      checkRegistry.equals = () => {
        throw new Error('handler bug');
      };
      const r = evaluateCheck(spec({ type: 'equals', value: 1 }), { output: 1 });
      assert.deepEqual(r, { pass: false, score: 0, reason: 'The check itself failed: handler bug' });
    });

    it('stays a failure when negated', function () {
      checkRegistry.equals = () => {
        throw new Error('handler bug');
      };
      const r = evaluateCheck(spec({ type: 'not-equals', value: 1 }), { output: 2 });
      assert.equal(r.pass, false);
      assert.equal(r.score, 0);
      assert.match(r.reason, /handler bug/);
    });

    it('handles a thrown non-Error value', function () {
      checkRegistry.equals = () => {
        throw 'a string';
      };
      const r = evaluateCheck(spec({ type: 'equals', value: 1 }), { output: 1 });
      assert.equal(r.pass, false);
      assert.equal(r.reason, 'The check itself failed: a string');
    });
  });

  describe('a check that cannot judge (misconfigured, or its own code threw on this output)', function () {
    const cannot: [string, Record<string, unknown>, unknown, RegExp][] = [
      ['javascript', { value: 'JSON.parse(output).pii === true' }, 'not JSON', /expression threw/],
      ['javascript', { value: '"a string"' }, 1, /expected true\/false/],
      ['javascript', {}, 1, /needs `value`/],
      ['regex', { value: '(unclosed' }, 'x', /not a valid regular expression/],
      ['regex', {}, 'x', /needs `value`/],
      ['json-schema', { value: { type: 'no-such-type' } }, '{}', /schema is invalid/],
      ['json-schema', {}, '{}', /needs `value`/],
    ];
    for (const [type, rest, output, reason] of cannot) {
      it(`fails ${type} ${JSON.stringify(rest)} with its reason, and not-${type} as well`, function () {
        for (const t of [type, `not-${type}`]) {
          const r = evaluateCheck(spec({ type: t, ...rest }), { output });
          assert.equal(r.pass, false, `${t} must not pass: ${r.reason}`);
          assert.equal(r.score, 0);
          assert.match(r.reason, reason);
          assert.doesNotMatch(r.reason, /As required/);
        }
      });
    }

    it('shows the output it could not judge', function () {
      const r = evaluateCheck(spec({ type: 'not-javascript', value: 'output.a.b' }), { output: { a: null } });
      assert.equal(r.actual, '{"a":null}');
    });
  });

  describe('an unknown kind', function () {
    for (const type of ['similar', 'not-similar', '', 'EQUALS']) {
      it(`fails ${JSON.stringify(type)} with a clear reason`, function () {
        const r = evaluateCheck(spec({ type, value: 1 }), { output: 1 });
        assert.deepEqual(r, { pass: false, score: 0, reason: `Unknown check kind "${type}".` });
      });
    }

    it('reports an unknown kind even when the call threw', function () {
      const r = evaluateCheck(spec({ type: 'bogus' }), { output: undefined, error: { message: 'x' } });
      assert.match(r.reason, /Unknown check kind "bogus"/);
    });

    it('treats names inherited from Object.prototype (constructor, toString, hasOwnProperty) as unknown', function () {
      // The registry is a plain object: a lookup by kind must not find inherited members.
      for (const type of ['constructor', 'toString', 'hasOwnProperty']) {
        const r = evaluateCheck(spec({ type, value: 1 }), { output: 1 });
        assert.deepEqual(r, { pass: false, score: 0, reason: `Unknown check kind "${type}".` }, type);
      }
    });
  });
});

describe('describeCheck', function () {
  it('uses the name when the check has one', function () {
    assert.equal(describeCheck(spec({ type: 'equals', name: 'adds small numbers', value: 3, args: [1, 2] }), 'add'), 'adds small numbers');
  });

  it('describes the default call, its args, the kind and the value', function () {
    assert.equal(describeCheck(spec({ type: 'equals', value: 3, args: [1, 2] }), 'add'), 'add(1, 2) equals 3');
  });

  it("prefers the check's own call over the default", function () {
    assert.equal(describeCheck(spec({ type: 'contains', call: 'greet', args: ['Ada'], value: 'Ada' }), 'add'), 'greet("Ada") contains "Ada"');
  });

  it('writes empty parentheses for a call without args', function () {
    assert.equal(describeCheck(spec({ type: 'is-json' }), 'make'), 'make() is-json');
  });

  it('says output when there is no call at all', function () {
    assert.equal(describeCheck(spec({ type: 'not-contains', value: 'x' })), 'output not-contains "x"');
  });

  it('leaves out the value of a javascript check', function () {
    assert.equal(describeCheck(spec({ type: 'javascript', value: 'output.length > 3' }), 'f'), 'f() javascript');
  });

  it('leaves out a missing value but keeps falsy ones', function () {
    assert.equal(describeCheck(spec({ type: 'throws' }), 'f'), 'f() throws');
    assert.equal(describeCheck(spec({ type: 'equals', value: 0 }), 'f'), 'f() equals 0');
    assert.equal(describeCheck(spec({ type: 'equals', value: false }), 'f'), 'f() equals false');
    assert.equal(describeCheck(spec({ type: 'equals', value: null }), 'f'), 'f() equals null');
  });

  it('shortens long args and values', function () {
    const long = 'x'.repeat(200);
    const d = describeCheck(spec({ type: 'equals', args: [long], value: long }), 'f');
    assert.ok(d.length < 130, `too long (${d.length}): ${d}`);
    assert.ok(d.startsWith('f("xxx'));
    assert.ok(d.includes(') equals "xxx'));
  });
});
