import { setFlagsFromString } from 'node:v8';

/**
 * Caps how far V8 lets the old generation grow past what survived the last full collection
 * before it collects again. Under load, objects of requests in flight are promoted at every
 * scavenge and die soon after; V8's own heuristic lets them pile up to several times the live
 * heap, which is most of a busy proxy's peak RSS (bench/HISTORY.md, session 4). V8 reads this
 * flag at every full collection, so setting it at start-up takes effect without a command-line
 * flag.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/**
 * What node must be started with to run the proxy as measured: flags V8 reads only as it starts,
 * so the image's CMD passes them, and the bench starts its proxies with them. Node 24's V8 lets
 * the young generation grow to 64 MiB semi-spaces (128 MiB), where node 20 and 22 stop at 16 (32):
 * a busy proxy then peaked at ~240 MiB instead of ~155 (bench/HISTORY.md, session 12). 16 is
 * node 22's own.
 */
export const proxyNodeFlags: readonly string[] = ['--max-semi-space-size=16'];
