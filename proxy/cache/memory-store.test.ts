import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store.js';
import { cacheStoreContract } from './store.contract.js';

cacheStoreContract('memory store', async () => new MemoryStore({ maxEntries: 1_000, maxBytes: 1_000_000 }));

describe('memory store peek', () => {
  it('answers at once what get answers: the entry, its generation, nothing after invalidation', async () => {
    const store = new MemoryStore({ maxEntries: 10, maxBytes: 1_000_000 });
    const { generation } = store.peek('u', 'a');
    await store.set('u', generation, 'a', 'value', 60);
    expect(store.peek('u', 'a')).toEqual(await store.get('u', 'a'));
    expect(store.peek('u', 'a').value).toBe('value');
    await store.invalidateUser('u');
    expect(store.peek('u', 'a').value).toBeUndefined();
    expect(store.peek('other', 'a').value).toBeUndefined();
  });
});

describe('memory store bounds', () => {
  it('evicts the least recently used entry beyond the entry limit', async () => {
    const store = new MemoryStore({ maxEntries: 2, maxBytes: 1_000_000 });
    const { generation } = await store.get('u', 'a');
    await store.set('u', generation, 'a', '1', 60);
    await store.set('u', generation, 'b', '2', 60);
    await store.get('u', 'a');
    await store.set('u', generation, 'c', '3', 60);
    expect((await store.get('u', 'a')).value).toBe('1');
    expect((await store.get('u', 'b')).value).toBeUndefined();
    expect(store.usage.entries).toBe(2);
  });

  it('evicts until keys and values fit the byte limit, and refuses an entry larger than it', async () => {
    const store = new MemoryStore({ maxEntries: 100, maxBytes: 200 });
    const { generation } = await store.get('u', 'a');
    for (const name of ['a', 'b', 'c']) await store.set('u', generation, name, 'x'.repeat(60), 60);
    expect(store.usage.bytes).toBeLessThanOrEqual(200);
    expect((await store.get('u', 'a')).value).toBeUndefined();
    expect((await store.get('u', 'c')).value).toBe('x'.repeat(60));
    await store.set('u', generation, 'huge', 'x'.repeat(500), 60);
    expect((await store.get('u', 'huge')).value).toBeUndefined();
  });

  it('never brings back orphaned entries when a generation is evicted from its bounded map', async () => {
    const store = new MemoryStore({ maxEntries: 2, maxBytes: 1_000_000 });
    await store.invalidateUser('alice');
    const seen = (await store.get('alice', 'n')).generation;
    await store.set('alice', seen, 'n', 'before', 60);
    await store.invalidateUser('bob');
    await store.invalidateUser('carol');
    const after = await store.get('alice', 'n');
    expect(after.generation).toBeGreaterThan(seen);
    expect(after.value).toBeUndefined();
  });

  it('expires entries by its clock', async () => {
    let now = 1_000;
    const store = new MemoryStore({ maxEntries: 10, maxBytes: 1_000 }, () => now);
    await store.set('u', 0, 'a', 'v', 5);
    now += 4_999;
    expect((await store.get('u', 'a')).value).toBe('v');
    now += 1;
    expect((await store.get('u', 'a')).value).toBeUndefined();
    expect(store.usage).toEqual({ entries: 0, bytes: 0 });
  });
});
