import { describe, expect, it } from 'vitest';
import { Flights } from './flights.js';

const never = new AbortController().signal;

describe('Flights', () => {
  it('runs the work once for every concurrent caller of the same key', async () => {
    const flights = new Flights<number>();
    let started = 0;
    const work = async () => {
      started++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return 42;
    };
    const results = await Promise.all(
      Array.from({ length: 100 }, () => flights.join('k', 1, new AbortController().signal, work)),
    );
    expect(results.every((value) => value === 42)).toBe(true);
    expect(started).toBe(1);
    expect(flights.size).toBe(0);
  });

  it('keeps the work going while one caller remains, and aborts it when the last one leaves', async () => {
    const flights = new Flights<string>();
    let workSignal: AbortSignal | undefined;
    const work = (signal: AbortSignal) => {
      workSignal = signal;
      return new Promise<string>(() => {});
    };
    const first = new AbortController();
    const second = new AbortController();
    const a = flights.join('k', 1, first.signal, work);
    const b = flights.join('k', 1, second.signal, work);
    first.abort(new Error('first left'));
    await expect(a).rejects.toThrow('first left');
    expect(workSignal?.aborted).toBe(false);
    second.abort(new Error('second left'));
    await expect(b).rejects.toThrow('second left');
    expect(workSignal?.aborted).toBe(true);
    expect(flights.size).toBe(0);
  });

  it('shares a failure with every waiter and starts afresh afterwards', async () => {
    const flights = new Flights<number>();
    const failing = flights.join('k', 1, never, async () => {
      throw new Error('upstream down');
    });
    await expect(failing).rejects.toThrow('upstream down');
    await expect(flights.join('k', 1, never, async () => 1)).resolves.toBe(1);
  });

  it('starts afresh for another version, and lets a caller without one join what runs', async () => {
    const flights = new Flights<string>();
    let release: (value: string) => void = () => {};
    const old = flights.join('k', 1, never, () => new Promise((resolve) => (release = resolve)));
    const unknown = flights.join('k', undefined, never, async () => 'not started');
    const newer = flights.join('k', 2, never, async () => 'after the write');
    release('before the write');
    expect(await Promise.all([old, unknown, newer])).toEqual([
      'before the write',
      'before the write',
      'after the write',
    ]);
  });

  it('lets a caller with a version join work started without one', async () => {
    const flights = new Flights<string>();
    let release: (value: string) => void = () => {};
    const blind = flights.join('k', undefined, never, () => new Promise((resolve) => (release = resolve)));
    const known = flights.join('k', 3, never, async () => 'second call');
    release('one call');
    expect(await Promise.all([blind, known])).toEqual(['one call', 'one call']);
  });

  it('lets forgotten keys start afresh while running work finishes for its waiters', async () => {
    const flights = new Flights<string>();
    let release: (value: string) => void = () => {};
    const before = flights.join('u1\nx', 1, never, () => new Promise((resolve) => (release = resolve)));
    flights.forget((key) => key.startsWith('u1\n'));
    const after = flights.join('u1\nx', 1, never, async () => 'fresh');
    release('old');
    expect(await Promise.all([before, after])).toEqual(['old', 'fresh']);
  });
});
