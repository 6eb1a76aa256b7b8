// Times the offline embedding model: a fresh process's first call (start, load, embed), then a
// batch of 24 texts it has not seen. Prints one JSON line of durations in ms.
import * as path from 'node:path';
import { OfflineEmbedder } from '../../src/core/embeddings/offlineEmbedder';

async function main() {
  const dist = path.resolve(__dirname, '../../dist');
  const runs = Number(process.argv[2] ?? 5);
  const first: number[] = [];
  const batch: number[] = [];
  for (let i = 0; i < runs; i++) {
    const e = new OfflineEmbedder(path.join(dist, 'embedder.js'), path.join(dist, 'models', 'use-lite'));
    let t0 = performance.now();
    await e.embed([`How do I reset my password? (${i})`, 'VPN setup on a new laptop', 'Expense claims for travel']);
    first.push(performance.now() - t0);
    t0 = performance.now();
    await e.embed(Array.from({ length: 24 }, (_, j) => `Knowledge base article ${j} of run ${i} about topic ${j % 6}`));
    batch.push(performance.now() - t0);
    e.dispose();
  }
  console.log(JSON.stringify({ first, batch }));
}

void main();
