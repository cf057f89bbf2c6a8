import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../forward/upstream.js';
import { BreakerSet, type BreakerSettings, type BreakerTransition } from './index.js';

const settings: BreakerSettings = { failureThreshold: 2, resetTimeoutMs: 60_000, halfOpenMaxCalls: 3 };
const isServerError = (status: number) => status >= 500;

let sets: BreakerSet[] = [];
afterEach(() => {
  for (const set of sets) set.close();
  sets = [];
});

function breakerSet(initial = settings) {
  const set = new BreakerSet(initial);
  sets.push(set);
  const transitions: BreakerTransition[] = [];
  set.on('transition', (transition) => transitions.push(transition));
  const call = (status: number) => set.guardFor('app_service').run(async () => status, isServerError);
  return { set, transitions, call };
}

describe('BreakerSet', () => {
  it('keeps one independent breaker per upstream service', async () => {
    const { set, call } = breakerSet();
    await call(500);
    await call(500);
    expect(set.snapshot()).toEqual({
      auth_service: {
        state: 'CLOSED',
        failures: 0,
        last_failure: null,
        forced: null,
        forced_until: null,
        settings,
      },
      app_service: expect.objectContaining({ state: 'OPEN', failures: 2, forced: null }),
    });
    await expect(set.guardFor('auth_service').run(async () => 200, isServerError)).resolves.toBe(200);
  });

  it('emits each transition once with the service, both states and an ISO time', async () => {
    const { set, transitions, call } = breakerSet();
    for (let i = 0; i < 4; i++) await call(500).catch(() => undefined);
    set.reset('app_service');
    expect(transitions.map(({ service, from, to }) => [service, from, to])).toEqual([
      ['app_service', 'CLOSED', 'OPEN'],
      ['app_service', 'OPEN', 'CLOSED'],
    ]);
    expect(new Date(transitions[0].at).toISOString()).toBe(transitions[0].at);
  });

  it('holds a forced OPEN until its deadline, then lapses by itself', async () => {
    const { set, transitions, call } = breakerSet();
    const until = Date.now() + 400;
    set.force('app_service', 'OPEN', until);
    expect(set.snapshot().app_service).toMatchObject({
      state: 'OPEN',
      forced: 'OPEN',
      forced_until: new Date(until).toISOString(),
    });
    await expect(call(200)).rejects.toBeInstanceOf(CircuitOpenError);
    await sleep(550);
    expect(set.snapshot().app_service).toMatchObject({ state: 'CLOSED', forced: null, forced_until: null });
    await expect(call(200)).resolves.toBe(200);
    expect(transitions.map(({ to }) => to)).toEqual(['OPEN', 'CLOSED']);
  });

  it('tells clients to come back when a forced OPEN lapses', async () => {
    const { set, call } = breakerSet();
    set.force('app_service', 'OPEN', Date.now() + 42_000);
    await expect(call(200)).rejects.toMatchObject({ retryAfterS: 42 });
  });

  it('keeps a forced CLOSED breaker closed through failures, still counting them', async () => {
    const { set, call } = breakerSet();
    await call(500);
    await call(500);
    set.force('app_service', 'CLOSED');
    for (let i = 0; i < 5; i++) await call(503);
    expect(set.snapshot().app_service).toMatchObject({ state: 'CLOSED', forced: 'CLOSED', failures: 5 });
  });

  it('resets to a fresh CLOSED breaker, forcing and counters cleared', async () => {
    const { set, call } = breakerSet();
    await call(500);
    set.force('app_service', 'OPEN');
    set.reset('app_service');
    expect(set.snapshot().app_service).toMatchObject({
      state: 'CLOSED',
      failures: 0,
      last_failure: null,
      forced: null,
      forced_until: null,
    });
  });

  it('applies a new failure threshold to the next failure', async () => {
    const { set, call } = breakerSet();
    set.configure('app_service', { ...settings, failureThreshold: 1 });
    await call(500);
    expect(set.snapshot().app_service).toMatchObject({ state: 'OPEN', settings: { failureThreshold: 1 } });
    expect(set.snapshot().auth_service.settings.failureThreshold).toBe(2);
  });

  it('applies a shorter reset timeout to a breaker that is already open', async () => {
    const { set, call } = breakerSet();
    await call(500);
    await call(500);
    set.configure('app_service', { ...settings, resetTimeoutMs: 50 });
    await sleep(120);
    expect(set.snapshot().app_service.state).toBe('HALF_OPEN');
    await call(200);
    expect(set.snapshot().app_service.state).toBe('CLOSED');
  });

  it('refuses settings that would open on nothing or never admit a trial', () => {
    const { set } = breakerSet();
    expect(() => set.configure('auth_service', { ...settings, halfOpenMaxCalls: 0 })).toThrow(RangeError);
    expect(() => new BreakerSet({ ...settings, failureThreshold: 1.5 })).toThrow(RangeError);
  });
});
