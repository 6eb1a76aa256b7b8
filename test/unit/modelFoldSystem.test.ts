import { strict as assert } from 'node:assert';
import { foldSystem } from '../../src/core/model/foldSystem';

describe('foldSystem (VS Code language models have no system role)', function () {
  it('puts the system prompt at the start of the first user turn', function () {
    assert.deepEqual(
      foldSystem([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Bye' },
      ]),
      [
        { role: 'user', content: 'Be brief.\n\nHi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Bye' },
      ],
    );
  });

  it('joins several system messages and keeps their order', function () {
    assert.equal(foldSystem([{ role: 'system', content: 'A' }, { role: 'user', content: 'x' }, { role: 'system', content: 'B' }])[0].content, 'A\n\nB\n\nx');
  });

  it('makes the system prompt a user turn when there is none, and leaves prompts without one alone', function () {
    assert.deepEqual(foldSystem([{ role: 'system', content: 'S' }, { role: 'assistant', content: '{' }]), [{ role: 'user', content: 'S' }, { role: 'assistant', content: '{' }]);
    const plain = [{ role: 'user' as const, content: 'q' }];
    assert.deepEqual(foldSystem(plain), plain);
  });
});
