import { setFlagsFromString } from 'node:v8';

/**
 * Caps how far V8 lets the old generation grow past what survived the last full collection
 * before it collects again. Under load, objects of requests in flight are promoted at every
 * scavenge and die soon after; V8's own heuristic lets them pile up to several times the live
 * heap, which is most of a busy proxy's peak RSS (bench/README.md). V8 reads this flag at every
 * full collection, so setting it at start-up takes effect without a command-line flag.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
