import { strict as assert } from 'node:assert';
import { PhaseClock } from '../../src/core/timing/phaseClock';

describe('PhaseClock', function () {
  it('gives each phase the time since the previous mark, and the total', function () {
    const times = [10, 11.5, 11.5, 40];
    const clock = new PhaseClock(() => times.shift() ?? 0);
    clock.mark('files');
    clock.mark('save');
    clock.mark('checks');
    assert.deepEqual(clock.entries, [
      { name: 'files', ms: 1.5 },
      { name: 'save', ms: 0 },
      { name: 'checks', ms: 28.5 },
    ]);
    assert.equal(clock.totalMs, 30);
    assert.equal(String(clock), 'files 1.5 ms · save 0.0 ms · checks 28.5 ms (total 30.0 ms)');
  });
});
