import { strict as assert } from 'node:assert';
import { declarationLine } from '../../src/core/testing/declarationLine';

describe('declarationLine', function () {
  const source = [
    '// function add(a, b) is what you write', // 0: a comment does not count
    "import { z } from 'zod';",
    '',
    'export function addAll(xs: number[]) { return 0; }', // 3: a longer name is not `add`
    'export async function add(a: number, b: number) {', // 4
    '  return a + b;',
    '}',
    'export const topK = <T,>(xs: T[]) => xs;', // 7
    'let score: (x: number) => number = (x) => x;', // 8
    'export default function* gen() {}', // 9
    'exports.legacy = function () {};', // 10
    'function $private() {}', // 11
    'const functionName = 1;', // 12
  ].join('\n');

  it('finds function declarations, with export, default, async and generators', function () {
    assert.equal(declarationLine(source, 'add'), 4);
    assert.equal(declarationLine(source, 'addAll'), 3);
    assert.equal(declarationLine(source, 'gen'), 9);
    assert.equal(declarationLine(source, '$private'), 11);
  });

  it('finds const/let bindings and CommonJS exports', function () {
    assert.equal(declarationLine(source, 'topK'), 7);
    assert.equal(declarationLine(source, 'score'), 8);
    assert.equal(declarationLine(source, 'legacy'), 10);
  });

  it('is undefined when the name is not declared, only mentioned, or not an identifier', function () {
    assert.equal(declarationLine(source, 'missing'), undefined);
    assert.equal(declarationLine(source, 'z'), undefined);
    assert.equal(declarationLine(source, 'Name'), undefined, '`functionName` is not a declaration of `Name`');
    assert.equal(declarationLine(source, 'a.b'), undefined);
  });

  it('counts lines the same with Windows line endings', function () {
    assert.equal(declarationLine(source.replace(/\n/g, '\r\n'), 'add'), 4);
  });
});
