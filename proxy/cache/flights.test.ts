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
    const results = await Promise.all(Array.from({ length: 100 }, () => flights.join('k', never, work)));
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
    const a = flights.join('k', first.signal, work);
    const b = flights.join('k', second.signal, work);
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
    const failing = flights.join('k', never, async () => {
      throw new Error('upstream down');
    });
    await expect(failing).rejects.toThrow('upstream down');
    await expect(flights.join('k', never, async () => 1)).resolves.toBe(1);
  });
});
