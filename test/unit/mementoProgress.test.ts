// The globalState adapter (its vscode import is type-only, so it runs under plain mocha).
import { strict as assert } from 'node:assert';
import { MementoProgressStore, PROGRESS_KEY } from '../../src/host/adapters/mementoProgress';

class FakeMemento {
  data = new Map<string, unknown>();
  synced: readonly string[] = [];
  keys() {
    return [...this.data.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.data.has(key) ? this.data.get(key) : fallback) as T | undefined;
  }
  async update(key: string, value: unknown) {
    // Like VS Code: stored values go through JSON.
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
  setKeysForSync(keys: readonly string[]) {
    this.synced = keys;
  }
}

describe('MementoProgressStore', function () {
  it('registers its key for Settings Sync', function () {
    const m = new FakeMemento();
    new MementoProgressStore(m);
    assert.deepEqual(m.synced, [PROGRESS_KEY]);
  });

  it('keeps every lesson under one key and reads it back after a reload', async function () {
    const m = new FakeMemento();
    const store = new MementoProgressStore(m);
    await store.set('p:a', { status: 'passed', attempts: 2, bestScore: 1, hintsShown: 1, lastRun: '2026-11-25T10:00:00.000Z' });
    await store.set('p:b', { status: 'in-progress', attempts: 1, bestScore: 0.5, hintsShown: 0 });
    const reloaded = new MementoProgressStore(m);
    assert.equal(reloaded.get('p:a').status, 'passed');
    assert.equal(reloaded.get('p:b').bestScore, 0.5);
    assert.deepEqual(Object.keys(reloaded.all()).sort(), ['p:a', 'p:b']);
    assert.equal(reloaded.get('p:c').status, 'not-started');
  });

  it('repairs a damaged stored value instead of failing', function () {
    const m = new FakeMemento();
    m.data.set(PROGRESS_KEY, { 'p:a': { status: 'weird', attempts: -3 }, 'p:b': 'nonsense' });
    const store = new MementoProgressStore(m);
    assert.deepEqual(store.get('p:a'), { status: 'not-started', attempts: 0, bestScore: 0, hintsShown: 0 });
    assert.equal(store.get('p:b').status, 'not-started');
    m.data.set(PROGRESS_KEY, 'garbage');
    assert.deepEqual(store.all(), {});
  });
});
