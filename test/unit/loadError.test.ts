import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describeLoadError, LearnerSyntaxError, transpileError } from '../../src/core/runner/sandbox/loadError';
import { toCommonJs } from '../../src/core/runner/sandbox/transpile';

const DIR = path.join(path.sep, 'tmp', 'ai-dojo-learner-x1');
const ENTRY = path.join(DIR, 'similarity.ts');

function syntaxError(source: string, file = ENTRY): unknown {
  try {
    toCommonJs(source, file);
  } catch (e) {
    return e;
  }
  throw new Error('expected a syntax error');
}

describe('load errors: plain words at the learner’s file and line', function () {
  it('turns the transpiler’s offset into a line and column of the source, and drops the temp path', function () {
    const e = syntaxError('export function cosine(a: number[]) {\n  const y = ;\n  return y;\n}\n');
    assert.ok(e instanceof LearnerSyntaxError);
    const d = describeLoadError(e, ENTRY, DIR);
    assert.deepEqual(d.location, { file: 'similarity.ts', line: 2, column: 13 });
    assert.equal(d.message, 'similarity.ts, line 2: syntax error: unexpected token. Fix it, then run the checks again.');
    assert.doesNotMatch(d.message, /tmp|Error transforming|\(\d+:\d+\)/);
  });

  it('names a file in a subfolder with forward slashes', function () {
    const d = describeLoadError(syntaxError('let = 1;', path.join(DIR, 'lib', 'zones.ts')), ENTRY, DIR);
    assert.deepEqual(d.location, { file: 'lib/zones.ts', line: 1, column: 5 });
  });

  it('locates a throw while loading at the first frame in the learner’s files', function () {
    const e = new TypeError('Cannot read properties of undefined');
    e.stack = `TypeError: Cannot read properties of undefined\n    at helper (${path.join(DIR, 'node_modules', 'pkg', 'index.js')}:3:9)\n    at Object.<anonymous> (${ENTRY}:12:5)\n    at Module._compile (node:internal/modules/cjs/loader:1554:14)`;
    const d = describeLoadError(e, ENTRY, DIR);
    assert.deepEqual(d.location, { file: 'similarity.ts', line: 12, column: 5 });
    assert.equal(d.message, 'similarity.ts, line 12: the code threw while loading: TypeError: Cannot read properties of undefined. Fix it, then run the checks again.');
  });

  it('reads V8’s compile errors, which put the place on the stack’s first line', function () {
    const e = new SyntaxError("Identifier 'x' has already been declared");
    e.stack = `${ENTRY}:4\nlet x = 2;\n    ^\n\nSyntaxError: Identifier 'x' has already been declared\n    at wrapSafe (node:internal/modules/cjs/loader:1469:18)`;
    const d = describeLoadError(e, ENTRY, DIR);
    assert.deepEqual(d.location, { file: 'similarity.ts', line: 4, column: 1 });
    assert.match(d.message, /^similarity\.ts, line 4: syntax error: identifier 'x' has already been declared\./);
  });

  it('without a place in the learner’s files, names the entry file and gives no location', function () {
    const e = new Error('Cannot find module "left-pad"');
    e.stack = 'Error: Cannot find module "left-pad"\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)\n    at /elsewhere/x.js:1:1';
    assert.deepEqual(describeLoadError(e, ENTRY, DIR), { message: 'similarity.ts could not be loaded: Cannot find module "left-pad"' });
    assert.deepEqual(describeLoadError('a string', ENTRY, DIR), { message: 'similarity.ts could not be loaded: a string' });
  });

  it('leaves errors that are not the transpiler’s as they are', function () {
    const e = new Error('x');
    assert.equal(transpileError(e, ENTRY, ''), e);
  });
});
