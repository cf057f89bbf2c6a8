import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Deadline } from './deadline.js';

describe('Deadline', () => {
  it('aborts with a TimeoutError once its time is up, as AbortSignal.timeout does', async () => {
    const deadline = new Deadline(new AbortController().signal, 10);
    await sleep(40);
    expect(deadline.signal.aborted).toBe(true);
    expect((deadline.signal.reason as Error).name).toBe('TimeoutError');
  });

  it("aborts with the caller's reason when the caller aborts first", () => {
    const caller = new AbortController();
    const deadline = new Deadline(caller.signal, 10_000);
    caller.abort(new DOMException('gone', 'AbortError'));
    expect((deadline.signal.reason as Error).name).toBe('AbortError');
    deadline.release();
  });

  it('starts aborted for a caller that already left', () => {
    const caller = new AbortController();
    caller.abort();
    expect(new Deadline(caller.signal, 10_000).signal.aborted).toBe(true);
  });

  it('never aborts once released: neither the timer nor the caller reaches it', async () => {
    const caller = new AbortController();
    const deadline = new Deadline(caller.signal, 10);
    deadline.release();
    caller.abort();
    await sleep(40);
    expect(deadline.signal.aborted).toBe(false);
  });
});
