// The known-mistake matcher: exact set first, else the closest by Jaccard at the threshold, ties
// said as ties, nothing for a passing run or a run that looks like no known mistake.
import { strict as assert } from 'node:assert';
import { jaccard, knownMistakes, matchMistake, MATCH_THRESHOLD, type KnownMistake } from '../../src/core/feedback/mistakes';

const m = (name: string, ...fails: string[]): KnownMistake => ({ name, why: `why ${name}`, fails });
const KNOWN = [m('off-by-one', 'a', 'b'), m('empty', 'c'), m('no-throw', 'd', 'e', 'f')];
const names = (r: ReturnType<typeof matchMistake>) => r?.mistakes.map((x) => x.name);

describe('known mistakes: the matcher', function () {
  it('Jaccard: shared over union, 0 for two empty sets', function () {
    assert.equal(jaccard(new Set(['a', 'b']), new Set(['b', 'c'])), 1 / 3);
    assert.equal(jaccard(new Set(['a']), new Set(['a'])), 1);
    assert.equal(jaccard(new Set(), new Set()), 0);
  });

  it('names the mistake whose failed set equals the run’s, in any order', function () {
    const r = matchMistake(['b', 'a'], KNOWN);
    assert.deepEqual(names(r), ['off-by-one']);
    assert.equal(r?.exact, true);
    assert.equal(r?.similarity, 1);
    assert.equal(r?.tied, 1);
  });

  it('prefers an exact match over a superset that is also close', function () {
    const r = matchMistake(['c'], [m('wide', 'c', 'x'), m('empty', 'c')]);
    assert.deepEqual(names(r), ['empty']);
    assert.equal(r?.exact, true);
  });

  it('else names the closest at or above the threshold, with its similarity', function () {
    const r = matchMistake(['d', 'e'], KNOWN);
    assert.deepEqual(names(r), ['no-throw']);
    assert.equal(r?.exact, false);
    assert.equal(r?.similarity, 2 / 3);
  });

  it('names nothing below the threshold', function () {
    assert.equal(matchMistake(['d', 'x', 'y'], KNOWN), undefined); // 1/5
    assert.ok(matchMistake(['a', 'b', 'x', 'y'], KNOWN, 0.5)); // exactly 0.5 counts
    assert.equal(matchMistake(['a', 'b', 'x', 'y'], KNOWN, 0.51), undefined);
    assert.ok(MATCH_THRESHOLD > 0 && MATCH_THRESHOLD < 1);
  });

  it('names nothing for a passing run, and never a mistake with no recorded set', function () {
    assert.equal(matchMistake([], KNOWN), undefined);
    assert.equal(matchMistake(['z'], [m('unrecorded')]), undefined);
  });

  it('says a tie is a tie: at most two shown, the count of all that tie', function () {
    const same = [m('first', 'a'), m('second', 'a'), m('third', 'a')];
    const r = matchMistake(['a'], same);
    assert.deepEqual(names(r), ['first', 'second']);
    assert.equal(r?.tied, 3);
    assert.equal(r?.exact, true);
    const close = matchMistake(['a', 'b'], [m('x', 'a'), m('y', 'b'), m('z', 'c')]);
    assert.deepEqual(names(close), ['x', 'y']);
    assert.equal(close?.tied, 2);
    assert.equal(close?.exact, false);
  });

  it('reads the known mistakes from lesson.json: only those with a why and a recorded set', function () {
    const got = knownMistakes({ a: { why: 'A.', fails: ['x'] }, b: { why: 'B.' }, c: { fails: ['y'] }, d: { why: 'D.', fails: [] } });
    assert.deepEqual(got, [{ name: 'a', why: 'A.', fails: ['x'] }]);
    assert.deepEqual(knownMistakes(undefined), []);
  });
});
