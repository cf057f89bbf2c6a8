import type { CallgrindDump } from './callgrind-file.js';

type Shares = Map<string, number>;

/**
 * Charges what non-JavaScript code executed (V8 builtins, inline-cache misses, runtime C++,
 * regular expressions, libc) to the JavaScript function that called it, so `Map.get` in the
 * gateway's code counts as the gateway's. callgrind records caller → callee pairs with what each
 * cost, not whole stacks, so a function's instructions are split among its callers in proportion
 * to those costs (gprof's assumption), up to the nearest JavaScript function. Code that no
 * JavaScript called (GC and compiler threads, the event loop itself) keeps its own.
 */
export function chargeToJavaScript(
  dump: CallgrindDump,
  isJavaScript: (fn: string) => boolean,
): Map<string, number> {
  const shares = new Map<string, Shares>();
  const visiting = new Set<string>();

  const sharesOf = (fn: string): Shares => {
    const known = shares.get(fn);
    if (known) return known;
    const callers = dump.callers.get(fn);
    // A call cycle among non-JavaScript functions ends the climb where it closes.
    if (isJavaScript(fn) || !callers || visiting.has(fn)) return new Map([[fn, 1]]);
    visiting.add(fn);
    const total = [...callers.values()].reduce((sum, cost) => sum + cost, 0);
    const result: Shares = new Map();
    for (const [caller, cost] of callers) {
      if (caller === fn || total === 0) continue;
      for (const [owner, share] of sharesOf(caller))
        result.set(owner, (result.get(owner) ?? 0) + (share * cost) / total);
    }
    visiting.delete(fn);
    const settled = result.size > 0 ? result : new Map([[fn, 1]]);
    shares.set(fn, settled);
    return settled;
  };

  const charged = new Map<string, number>();
  for (const [fn, own] of dump.selfInstructions)
    for (const [owner, share] of sharesOf(fn)) charged.set(owner, (charged.get(owner) ?? 0) + own * share);
  return charged;
}
