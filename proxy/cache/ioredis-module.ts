import { createRequire } from 'node:module';

const requireCjs = createRequire(import.meta.url);

/**
 * ioredis, loaded on first use: a proxy without Redis never evaluates it. The proxy bundle
 * replaces this module (scripts/bundle-proxy.ts) so that ioredis is bundled too, still evaluated
 * only on first use, rather than read from `node_modules` file by file when Redis is on.
 */
export function ioredis(): typeof import('ioredis') {
  return requireCjs('ioredis') as typeof import('ioredis');
}
