// The offline embedding model (USE-lite, 512-d) from the built bundle, in its own process.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { OfflineEmbedder } from '../../src/core/embeddings/offlineEmbedder';

const DIST = path.resolve(__dirname, '../../dist');

function cosine(a: number[], b: number[]) {
  let d = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    d += x * b[i];
    na += x * x;
    nb += b[i] * b[i];
  });
  return d / Math.sqrt(na * nb);
}

describe('OfflineEmbedder', function () {
  this.timeout(60_000);
  const embedder = new OfflineEmbedder(path.join(DIST, 'embedder.js'), path.join(DIST, 'models', 'use-lite'));
  after(() => embedder.dispose());

  it('embeds text into 512-d vectors where related sentences are closer than unrelated ones', async function () {
    const [reset, steps, refund] = await embedder.embed(['How do I reset my password?', 'Steps to change a forgotten password', 'Our refund policy for damaged goods']);
    assert.equal(reset.length, OfflineEmbedder.dimensions);
    assert.ok(reset.every(Number.isFinite));
    assert.ok(cosine(reset, steps) > cosine(reset, refund) + 0.1, `${cosine(reset, steps)} vs ${cosine(reset, refund)}`);
  });

  it('is deterministic and remembers what it embedded', async function () {
    embedder.dispose();
    const [a] = await embedder.embed(['How do I reset my password?']);
    assert.equal(embedder.running, false, 'a remembered text needs no model process');
    const fresh = new OfflineEmbedder(path.join(DIST, 'embedder.js'), path.join(DIST, 'models', 'use-lite'));
    try {
      const [b] = await fresh.embed(['How do I reset my password?']);
      assert.ok(cosine(a, b) > 0.9999);
    } finally {
      fresh.dispose();
    }
  });

  it('reports a broken model folder as an error', async function () {
    const broken = new OfflineEmbedder(path.join(DIST, 'embedder.js'), path.join(DIST, 'no-such-model'));
    try {
      await assert.rejects(broken.embed(['x']), /offline embedding model failed/);
    } finally {
      broken.dispose();
    }
  });
});
