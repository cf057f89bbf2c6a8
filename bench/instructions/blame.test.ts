import { describe, expect, it } from 'vitest';
import { chargeToJavaScript } from './blame.js';
import type { CallgrindDump } from './callgrind-file.js';

function dumpOf(
  self: Record<string, number>,
  calls: [caller: string, callee: string, cost: number][],
): CallgrindDump {
  const callers = new Map<string, Map<string, number>>();
  for (const [caller, callee, cost] of calls)
    callers.set(callee, (callers.get(callee) ?? new Map()).set(caller, cost));
  const selfInstructions = new Map(Object.entries(self));
  const total = Object.values(self).reduce((a, b) => a + b, 0);
  return { totalInstructions: total, selfInstructions, objects: new Map(), callers };
}

const isJavaScript = (fn: string) => fn.startsWith('js:');

describe('chargeToJavaScript', () => {
  it('charges a builtin to the JavaScript functions that called it, in proportion to their calls', () => {
    const dump = dumpOf({ 'js:gateway': 10, 'js:undici': 5, builtin: 100 }, [
      ['js:gateway', 'builtin', 75],
      ['js:undici', 'builtin', 25],
    ]);
    const charged = chargeToJavaScript(dump, isJavaScript);
    expect(charged.get('js:gateway')).toBe(85);
    expect(charged.get('js:undici')).toBe(30);
    expect(charged.has('builtin')).toBe(false);
  });

  it('climbs through runtime functions to the nearest JavaScript caller', () => {
    const dump = dumpOf({ 'js:a': 1, ic: 10, runtime: 20 }, [
      ['js:a', 'ic', 30],
      ['ic', 'runtime', 20],
    ]);
    expect(chargeToJavaScript(dump, isJavaScript).get('js:a')).toBe(31);
  });

  it('leaves code no JavaScript called, and call cycles, with their own instructions', () => {
    const dump = dumpOf({ gcThread: 40, loop: 3, ping: 2, pong: 2 }, [
      ['ping', 'pong', 2],
      ['pong', 'ping', 2],
    ]);
    const charged = chargeToJavaScript(dump, isJavaScript);
    expect(charged.get('gcThread')).toBe(40);
    expect([...charged.values()].reduce((a, b) => a + b, 0)).toBe(47);
  });
});
