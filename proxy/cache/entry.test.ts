import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../routes/table.js';
import { type Answer, decodeEntry, encodeEntry, entryName, isStorable } from './entry.js';
import { resolveTtls } from './ttl.js';

const json = (status: number, headers: Answer['headers'] = {}): Answer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: Buffer.from('{"tasks":[]}\n'),
});

describe('cache entries', () => {
  it('round-trip status, content type, body and clock', () => {
    const decoded = decodeEntry(encodeEntry(json(200), 1_000, 60)!);
    expect(decoded).toEqual({ answer: json(200), storedAt: 1_000, freshUntil: 61_000 });
  });

  it('are not made of bodies that are not UTF-8', () => {
    expect(encodeEntry({ status: 200, headers: {}, body: Buffer.from([0xff, 0xfe]) }, 0, 60)).toBeUndefined();
  });

  it('keep only 200s without Set-Cookie that the upstream did not mark no-store', () => {
    expect(isStorable(json(200))).toBe(true);
    expect(isStorable(json(200, { 'cache-control': 'private, max-age=0' }))).toBe(true);
    expect(isStorable(json(201))).toBe(false);
    expect(isStorable(json(404))).toBe(false);
    expect(isStorable(json(200, { 'set-cookie': ['a=1'] }))).toBe(false);
    expect(isStorable(json(200, { 'cache-control': 'No-Store' }))).toBe(false);
  });

  it('are named by route and sorted query, so parameter order does not split them', () => {
    expect(entryName('app_service/reports/summary', 'start=1&end=2&group=x')).toBe(
      entryName('app_service/reports/summary', 'group=x&end=2&start=1'),
    );
    expect(entryName('app_service/tasks', '')).toBe('app_service/tasks:');
    expect(entryName('r', 'a=2&a=1')).not.toBe(entryName('r', 'a=1&a=2'));
  });
});

describe('TTL table', () => {
  it('has the seed values, the general TTL for the rest, and env overrides', () => {
    const ttls = resolveTtls(300, { CACHE_TTL_TASKS: 5, CACHE_TTL_HABITS: 0 });
    expect(ttls).toMatchObject({ profile: 600, tasks: 5, projects: 300, labels: 600, dashboard: 120 });
    expect(ttls).toMatchObject({ aggregate: 180, habits: 0, reminders: 300 });
  });

  it('covers every data type the route table caches', () => {
    const ttls = resolveTtls(300, {});
    for (const route of apiRoutes)
      if (route.kind === 'proxy' && route.cache) expect(ttls[route.cache], route.path).toBeTypeOf('number');
  });
});
