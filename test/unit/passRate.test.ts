// The statistics of repeated prompt runs against values worked out by hand (and in R's
// prop.test without continuity correction / binom::binom.wilson).
import { strict as assert } from 'node:assert';
import { MIN_RUNS_BEFORE_STOP, describePassStats, passHatK, passStats, settled, wilson } from '../../src/core/stats/passRate';

const near = (a: number | undefined, b: number, eps = 5e-4) => assert.ok(a !== undefined && Math.abs(a - b) < eps, `${a} ≈ ${b}`);

describe('wilson', function () {
  it('gives [0.490, 0.943] for 8 passes in 10 runs', function () {
    const ci = wilson(8, 10);
    near(ci?.low, 0.4902);
    near(ci?.high, 0.9433);
  });

  it('is symmetric around one half for 5/10', function () {
    const ci = wilson(5, 10)!;
    near(ci.low, 0.2366);
    near(ci.high, 0.7634);
  });

  it('starts at exactly 0 for 0/n and ends at exactly 1 for n/n', function () {
    assert.deepEqual(wilson(0, 10)?.low, 0);
    near(wilson(0, 10)?.high, 0.2775);
    assert.equal(wilson(10, 10)?.high, 1);
    near(wilson(10, 10)?.low, 0.7225);
  });

  it('says little after one run: 1/1 is [0.207, 1] and 0/1 is [0, 0.793]', function () {
    near(wilson(1, 1)?.low, 0.2065);
    assert.equal(wilson(1, 1)?.high, 1);
    near(wilson(0, 1)?.high, 0.7935);
  });

  it('narrows as runs grow at the same rate', function () {
    const a = wilson(8, 10)!;
    const b = wilson(80, 100)!;
    assert.ok(b.high - b.low < a.high - a.low);
    near(b.low, 0.7112);
    near(b.high, 0.8666);
  });

  it('has no interval without runs or with impossible counts', function () {
    assert.equal(wilson(0, 0), undefined);
    assert.equal(wilson(3, 2), undefined);
    assert.equal(wilson(-1, 2), undefined);
    assert.equal(wilson(1.5, 3), undefined);
  });
});

describe('passHatK', function () {
  it('is C(c,k)/C(n,k)', function () {
    near(passHatK(8, 10, 2), 28 / 45, 1e-12);
    near(passHatK(9, 10, 5), 0.5, 1e-12);
    near(passHatK(8, 10, 1), 0.8, 1e-12);
  });

  it('is 0 for k = n when any run failed, 1 when none did', function () {
    assert.equal(passHatK(8, 10, 10), 0);
    assert.equal(passHatK(10, 10, 10), 1);
    assert.equal(passHatK(0, 4, 1), 0);
  });

  it('is 0 once k is above the passes', function () {
    assert.equal(passHatK(3, 10, 4), 0);
    near(passHatK(3, 10, 3), 1 / 120, 1e-12);
  });

  it('is undefined for k outside 1..n', function () {
    assert.equal(passHatK(3, 3, 4), undefined);
    assert.equal(passHatK(3, 3, 0), undefined);
  });

  it('equals the plain rate at n = 1', function () {
    assert.equal(passHatK(1, 1, 1), 1);
    assert.equal(passHatK(0, 1, 1), 0);
  });
});

describe('settled (adaptive repeats)', function () {
  it('never decides before the third run', function () {
    assert.equal(MIN_RUNS_BEFORE_STOP, 3);
    assert.equal(settled(0, 2, 0.9), undefined);
    assert.equal(settled(0, 3, 0.9), 'fail');
  });

  it('passes once the whole interval is above the minimum pass rate', function () {
    assert.equal(settled(3, 3, 0.5), undefined, '3/3 is [0.44, 1]');
    assert.equal(settled(4, 4, 0.5), 'pass', '4/4 is [0.51, 1]');
    assert.equal(settled(15, 15, 0.8), undefined, '15/15 is [0.796, 1]');
    assert.equal(settled(16, 16, 0.8), 'pass', '16/16 is [0.806, 1]');
  });

  it('fails once the whole interval is below it', function () {
    assert.equal(settled(0, 4, 0.5), 'fail', '0/4 is [0, 0.49]');
    assert.equal(settled(0, 3, 0.5), undefined, '0/3 is [0, 0.56]');
  });

  it('never passes early at the default minimum of 1, but fails at the first failure from run 3', function () {
    assert.equal(settled(20, 20, 1), undefined);
    assert.equal(settled(2, 3, 1), 'fail');
  });

  it('runs on while the interval straddles the minimum', function () {
    for (let n = 3; n <= 20; n++) assert.equal(settled(Math.floor(n / 2), n, 0.5), undefined, `${Math.floor(n / 2)}/${n}`);
  });

  it('agrees with the plain rule on the runs made', function () {
    for (let n = 3; n <= 20; n++)
      for (let c = 0; c <= n; c++)
        for (const m of [0.1, 0.5, 0.6, 0.8, 0.9, 1]) {
          const s = settled(c, n, m);
          if (s) assert.equal(s === 'pass', c / n >= m, `${c}/${n} at ${m}`);
        }
  });
});

describe('passStats', function () {
  it('bundles rate, interval and pass^n', function () {
    const s = passStats(8, 10)!;
    assert.equal(s.rate, 0.8);
    assert.equal(s.k, 10);
    assert.equal(s.passHatK, 0);
    near(s.ci95.low, 0.4902);
    assert.equal(passStats(0, 0), undefined);
  });
});

describe('passStats with a stated k, and its words', function () {
  it('gives pass^k for the k asked, within 1..n', function () {
    near(passStats(8, 10, 2)?.passHatK, 28 / 45, 1e-12);
    assert.equal(passStats(8, 10, 2)?.k, 2);
    assert.equal(passStats(8, 10, 11), undefined);
  });

  it('reads "8/10 runs passed (80 %, 95 % CI 49–94 %), pass^10 0 %"', function () {
    assert.equal(describePassStats(passStats(8, 10)!), '8/10 runs passed (80 %, 95 % CI 49–94 %), pass^10 0 %');
    assert.equal(describePassStats(passStats(3, 3)!), '3/3 runs passed (100 %, 95 % CI 44–100 %), pass^3 100 %');
  });
});
