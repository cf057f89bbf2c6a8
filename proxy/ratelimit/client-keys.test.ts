import { describe, expect, it } from 'vitest';
import { redisKeys } from '../../shared/redis/keys.js';
import { ClientKeys } from './client-keys.js';

describe('ClientKeys', () => {
  it('makes the same keys as redisKeys, apart for users and addresses that look alike', () => {
    const keys = new ClientKeys();
    expect(keys.keyOf({ kind: 'user', userId: '42' }, 'app')).toBe(redisKeys.rateLimit('u:42', 'app'));
    expect(keys.keyOf({ kind: 'address', address: '42' }, 'app')).toBe(redisKeys.rateLimit('a:42', 'app'));
    expect(keys.keyOf({ kind: 'user', userId: '42' }, 'user')).toBe(redisKeys.rateLimit('u:42', 'user'));
  });

  it('answers a known client with the very string it made, so its hash is computed once', () => {
    const keys = new ClientKeys();
    const first = keys.keyOf({ kind: 'user', userId: '7' }, 'app');
    expect(Object.is(keys.keyOf({ kind: 'user', userId: '7' }, 'app'), first)).toBe(true);
  });

  it('keeps answering correctly past its capacity, where the memo starts over', () => {
    const keys = new ClientKeys();
    for (let i = 0; i < 25_000; i++) {
      const address = `10.0.${i >> 8}.${i & 255}`;
      expect(keys.keyOf({ kind: 'address', address }, 'default')).toBe(
        redisKeys.rateLimit(`a:${address}`, 'default'),
      );
    }
  });
});
