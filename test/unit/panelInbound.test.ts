import { strict as assert } from 'node:assert';
import { panelCsp } from '../../src/host/panel/csp';
import { parseInbound, previewValue } from '../../src/protocol/inbound';

describe('lesson panel: inbound messages never throw', function () {
  const cyclic: Record<string, unknown> = { type: 'runChecks' };
  cyclic.self = cyclic;
  let deep: unknown[] = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const throwing = new Proxy({}, { get: () => { throw new Error('get'); }, ownKeys: () => { throw new Error('keys'); }, getOwnPropertyDescriptor: () => { throw new Error('desc'); }, has: () => { throw new Error('has'); } });
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();

  const cases: [string, unknown, RegExp][] = [
    ['a BigInt', 10n, /: "10n"$/],
    ['an object holding a BigInt', { type: 'openFile', file: 1n }, /"file":"1n"/],
    ['a cycle', cyclic, /"self":"\[seen above\]"/],
    ['a value nested 100,000 deep', deep, /an array \(not shown: RangeError\)/],
    ['an object whose every trap throws', throwing, /an object/],
    ['a revoked Proxy', revoked, /an object/],
    ['a symbol', Symbol('s'), /a symbol/],
    ['undefined', undefined, /undefined$/],
  ];
  for (const [name, value, log] of cases) {
    it(`drops ${name} with a log line`, function () {
      const r = parseInbound(value);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.log, /^Ignored a malformed message from the lesson panel: /);
      assert.match(r.ok ? '' : r.log, log);
    });
  }

  it('keeps a log line short', function () {
    const r = parseInbound({ type: 'openFile', file: 'x'.repeat(10_000) });
    assert.ok(!r.ok && r.log.length < 300);
    assert.equal(previewValue('y'.repeat(500), 10), `"${'y'.repeat(9)}…`);
  });

  it('passes a well-formed message through', function () {
    assert.deepEqual(parseInbound({ type: 'openLink', href: 'https://example.com' }), { ok: true, message: { type: 'openLink', href: 'https://example.com' } });
  });
});

describe('lesson panel: Content Security Policy', function () {
  const csp = panelCsp('https://source.example', 'N0NCE');
  const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

  it('loads images only from the webview resources (the pack) and data:, never any https: host', function () {
    assert.equal(directive('img-src'), 'img-src https://source.example data:');
  });

  it('denies by default and runs only the nonced script', function () {
    assert.equal(directive('default-src'), "default-src 'none'");
    assert.equal(directive('script-src'), "script-src 'nonce-N0NCE'");
  });
});
