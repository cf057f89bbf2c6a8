import { describe, expect, it } from 'vitest';
import { cacheKeys } from '../../shared/redis/keys.js';
import { NearCopies } from './near-copies.js';

const active = (maxBytes = 1_000) => {
  const copies = new NearCopies(maxBytes);
  copies.activate();
  return copies;
};

const keep = (copies: NearCopies, userId: string, name: string, value: string, generation = 0) =>
  copies.fill(userId, copies.reserve(userId), name, { generation, value });

describe('NearCopies', () => {
  it('keeps what a read found and answers it per user and name', () => {
    const copies = active();
    keep(copies, 'alice', '/tasks:', 'a-tasks', 3);
    expect(copies.lookup('alice', '/tasks:')).toEqual({ generation: 3, value: 'a-tasks' });
    expect(copies.lookup('bob', '/tasks:')).toBeUndefined();
    expect(copies.lookup('alice', '/projects:')).toBeUndefined();
  });

  it('keeps nothing while tracking is off, and forgets everything when it is lost', () => {
    const copies = new NearCopies(1_000);
    expect(copies.reserve('alice')).toBeUndefined();
    copies.activate();
    keep(copies, 'alice', '/tasks:', 'a-tasks');
    copies.deactivate();
    expect(copies.lookup('alice', '/tasks:')).toBeUndefined();
    expect(copies.reserve('alice')).toBeUndefined();
  });

  it('refuses an answer whose read started before the user was invalidated', () => {
    const copies = active();
    const reserved = copies.reserve('alice');
    copies.dropKey(cacheKeys.generation('alice'));
    copies.fill('alice', reserved, '/tasks:', { generation: 0, value: 'old' });
    expect(copies.lookup('alice', '/tasks:')).toBeUndefined();
    keep(copies, 'alice', '/tasks:', 'new', 1);
    expect(copies.lookup('alice', '/tasks:')?.value).toBe('new');
  });

  it('drops a user on a change to any of their entry keys, even when the id holds "}:g"', () => {
    const copies = active();
    const odd = 'x}:gy';
    keep(copies, 'alice', '/tasks:', 'a');
    keep(copies, odd, '/tasks:', 'o');
    keep(copies, 'bob', '/tasks:', 'b');
    copies.dropKey(cacheKeys.entry('alice', 0, '/projects:'));
    copies.dropKey(cacheKeys.entry(odd, 2, '/tasks:'));
    expect(copies.lookup('alice', '/tasks:')).toBeUndefined();
    expect(copies.lookup(odd, '/tasks:')).toBeUndefined();
    expect(copies.lookup('bob', '/tasks:')?.value).toBe('b');
  });

  it('ignores keys outside the cache', () => {
    const copies = active();
    keep(copies, 'alice', '/tasks:', 'a');
    copies.dropKey('bff:rl:{u:alice}:default');
    expect(copies.lookup('alice', '/tasks:')?.value).toBe('a');
  });

  it('stays within its byte bound by dropping the oldest users first', () => {
    const copies = active(100);
    keep(copies, 'alice', '/a:', 'x'.repeat(40));
    keep(copies, 'bob', '/b:', 'x'.repeat(40));
    keep(copies, 'carol', '/c:', 'x'.repeat(40));
    expect(copies.lookup('alice', '/a:')).toBeUndefined();
    expect(copies.lookup('carol', '/c:')).toBeDefined();
    expect(copies.usage.bytes).toBeLessThanOrEqual(100);
    keep(copies, 'dave', '/d:', 'x'.repeat(200));
    expect(copies.lookup('dave', '/d:')).toBeUndefined();
  });

  it('counts a replaced copy once', () => {
    const copies = active();
    keep(copies, 'alice', '/a:', 'x'.repeat(10));
    keep(copies, 'alice', '/a:', 'y'.repeat(20));
    expect(copies.usage).toEqual({ users: 1, bytes: 23 });
  });
});
