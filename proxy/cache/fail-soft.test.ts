import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { FailSoftStore } from './fail-soft.js';
import { MemoryStore } from './memory-store.js';
import type { CacheStore } from './store.js';

/** A memory store that can be switched into failing, as Redis does when it goes away. */
class SwitchableStore extends MemoryStore {
  failing = false;
  override async get(userId: string, name: string) {
    if (this.failing) throw new Error('Connection is closed.');
    return super.get(userId, name);
  }
  override async invalidateUser(userId: string) {
    if (this.failing) throw new Error('Connection is closed.');
    return super.invalidateUser(userId);
  }
}

function observed(store: CacheStore) {
  const lines: string[] = [];
  const errors: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line).msg) });
  const failSoft = new FailSoftStore(store, 'test', {
    logger,
    onError: (operation) => errors.push(operation),
  });
  return { failSoft, lines, errors };
}

describe('FailSoftStore', () => {
  it('turns failures into misses and skipped invalidations, counting each one', async () => {
    const store = new SwitchableStore({ maxEntries: 10, maxBytes: 10_000 });
    const { failSoft, errors } = observed(store);
    store.failing = true;
    expect(await failSoft.get('u', 'n')).toBeUndefined();
    expect(await failSoft.invalidateUser('u')).toBe(false);
    expect(errors).toEqual(['get', 'invalidate']);
  });

  it('logs one line when the store goes away and one when it is back, not one per request', async () => {
    const store = new SwitchableStore({ maxEntries: 10, maxBytes: 10_000 });
    const { failSoft, lines } = observed(store);
    store.failing = true;
    for (let i = 0; i < 50; i++) await failSoft.get('u', 'n');
    expect(failSoft.available).toBe(false);
    store.failing = false;
    for (let i = 0; i < 50; i++) await failSoft.get('u', 'n');
    expect(lines).toEqual([
      'cache store unavailable; serving without the cache',
      'cache store available again',
    ]);
  });

  it('does not call a lone failure between successes an outage', async () => {
    const store = new SwitchableStore({ maxEntries: 10, maxBytes: 10_000 });
    const { failSoft, lines } = observed(store);
    for (let i = 0; i < 10; i++) {
      store.failing = i % 3 === 0;
      await failSoft.get('u', 'n');
    }
    expect(lines).toEqual([]);
    expect(failSoft.available).toBe(true);
  });
});
