import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLargeError, CircuitOpenError } from '../forward/upstream.js';
import { ServiceBreaker } from './service-breaker.js';
import type { BreakerSettings, BreakerState } from './types.js';

const settings: BreakerSettings = { failureThreshold: 5, resetTimeoutMs: 80, halfOpenMaxCalls: 3 };
const isServerError = (status: number) => status >= 500;

let breakers: ServiceBreaker[] = [];
afterEach(() => {
  for (const breaker of breakers) breaker.close();
  breakers = [];
});

function breakerWith(overrides: Partial<BreakerSettings> = {}) {
  const transitions: Array<[BreakerState, BreakerState]> = [];
  const breaker = new ServiceBreaker('app_service', { ...settings, ...overrides }, (from, to) =>
    transitions.push([from, to]),
  );
  breakers.push(breaker);
  let calls = 0;
  const answer = (status: number) =>
    breaker.run(async () => {
      calls++;
      return status;
    }, isServerError);
  const refuse = () =>
    breaker.run(async () => {
      calls++;
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    }, isServerError);
  return { breaker, transitions, answer, refuse, calls: () => calls };
}

/** A call that stays in flight until released with the status it should answer. */
function heldCall(breaker: ServiceBreaker) {
  let release: (status: number) => void = () => {};
  const settled = breaker.run(() => new Promise<number>((resolve) => (release = resolve)), isServerError);
  return { settled, release: (status: number) => release(status) };
}

async function openAndWaitForHalfOpen(b: ReturnType<typeof breakerWith>) {
  for (let i = 0; i < settings.failureThreshold; i++) await b.answer(503);
  await sleep(settings.resetTimeoutMs + 40);
  expect(b.breaker.state).toBe('HALF_OPEN');
}

describe('ServiceBreaker counting', () => {
  it('opens on the fifth consecutive failure and not before', async () => {
    const b = breakerWith();
    for (let i = 0; i < 4; i++) await b.answer(500);
    expect(b.breaker.state).toBe('CLOSED');
    await expect(b.refuse()).rejects.toThrow('ECONNREFUSED');
    expect(b.breaker.state).toBe('OPEN');
    expect(b.breaker.snapshot()).toMatchObject({ state: 'OPEN', failures: 5 });
    expect(b.transitions).toEqual([['CLOSED', 'OPEN']]);
  });

  it('starts counting again after any success', async () => {
    const b = breakerWith();
    for (let i = 0; i < 4; i++) await b.answer(502);
    await b.answer(200);
    for (let i = 0; i < 4; i++) await b.answer(504);
    expect(b.breaker.snapshot()).toMatchObject({ state: 'CLOSED', failures: 4 });
  });

  it('treats client errors as successes: 4xx answers never open it', async () => {
    const b = breakerWith();
    for (let i = 0; i < 20; i++) await b.answer(i % 2 ? 404 : 429);
    expect(b.breaker.snapshot()).toMatchObject({ state: 'CLOSED', failures: 0, last_failure: null });
  });

  it('ignores calls the client abandoned or overfilled', async () => {
    const b = breakerWith({ failureThreshold: 1 });
    const clientFaults = [
      new DOMException('This operation was aborted', 'AbortError'),
      new BodyTooLargeError(10),
    ];
    for (const fault of clientFaults)
      await expect(b.breaker.run(() => Promise.reject(fault), isServerError)).rejects.toBe(fault);
    expect(b.breaker.snapshot()).toMatchObject({ state: 'CLOSED', failures: 0 });
  });

  it('counts a timeout raised through an abort signal as a failure', async () => {
    const b = breakerWith({ failureThreshold: 1 });
    const timedOut = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    await expect(b.breaker.run(() => Promise.reject(timedOut), isServerError)).rejects.toBe(timedOut);
    expect(b.breaker.state).toBe('OPEN');
    expect(Date.parse(b.breaker.snapshot().last_failure ?? '')).toBeGreaterThan(Date.now() - 5_000);
  });
});

describe('ServiceBreaker when open', () => {
  it('fails fast with CircuitOpenError and never invokes the call', async () => {
    const b = breakerWith({ resetTimeoutMs: 30_000 });
    for (let i = 0; i < 5; i++) await b.answer(500);
    const before = b.calls();
    const rejection = b.answer(200);
    await expect(rejection).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(rejection).rejects.toMatchObject({ service: 'app_service', retryAfterS: 30 });
    expect(b.calls()).toBe(before);
  });

  it('does not let a late success of a call admitted while closed close it again', async () => {
    const b = breakerWith();
    const straggler = heldCall(b.breaker);
    for (let i = 0; i < 5; i++) await b.answer(500);
    straggler.release(200);
    await straggler.settled;
    expect(b.breaker.state).toBe('OPEN');
  });
});

describe('ServiceBreaker half-open', () => {
  it('turns half-open by itself after the reset timeout', async () => {
    const b = breakerWith();
    await openAndWaitForHalfOpen(b);
    expect(b.transitions).toEqual([
      ['CLOSED', 'OPEN'],
      ['OPEN', 'HALF_OPEN'],
    ]);
  });

  it('admits exactly three trials at once and fails the fourth fast', async () => {
    const b = breakerWith();
    await openAndWaitForHalfOpen(b);
    const trials = [heldCall(b.breaker), heldCall(b.breaker), heldCall(b.breaker)];
    await expect(b.answer(200)).rejects.toMatchObject({ retryAfterS: 1 });
    for (const trial of trials) trial.release(200);
    await Promise.all(trials.map((trial) => trial.settled));
    expect(b.breaker.state).toBe('CLOSED');
  });

  it('closes on a successful trial', async () => {
    const b = breakerWith();
    await openAndWaitForHalfOpen(b);
    await b.answer(201);
    expect(b.breaker.snapshot()).toMatchObject({ state: 'CLOSED', failures: 0 });
    expect(b.transitions.at(-1)).toEqual(['HALF_OPEN', 'CLOSED']);
  });

  it('re-opens on a failed trial and waits the full reset timeout again', async () => {
    const b = breakerWith();
    await openAndWaitForHalfOpen(b);
    await expect(b.refuse()).rejects.toThrow('ECONNREFUSED');
    expect(b.breaker.state).toBe('OPEN');
    await expect(b.answer(200)).rejects.toBeInstanceOf(CircuitOpenError);
    await sleep(settings.resetTimeoutMs + 40);
    expect(b.breaker.state).toBe('HALF_OPEN');
  });

  it('gives an abandoned trial its slot back', async () => {
    const b = breakerWith({ halfOpenMaxCalls: 1 });
    await openAndWaitForHalfOpen(b);
    const abandoned = new DOMException('aborted', 'AbortError');
    await expect(b.breaker.run(() => Promise.reject(abandoned), isServerError)).rejects.toBe(abandoned);
    expect(b.breaker.state).toBe('HALF_OPEN');
    await b.answer(200);
    expect(b.breaker.state).toBe('CLOSED');
  });
});
