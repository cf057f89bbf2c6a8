import { z } from 'zod';

/** `{userId}` drops every cached entry of one user; `{pattern}` is a glob over cache keys. */
export const cacheInvalidateRequestSchema = z.union([
  z.strictObject({ userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a user id') }),
  z.strictObject({ pattern: z.string().min(1).max(256) }),
]);
export type CacheInvalidateRequest = z.output<typeof cacheInvalidateRequestSchema>;

export const cacheInvalidateResponseSchema = z.object({ deleted: z.int().min(0) });
export type CacheInvalidateResponse = z.output<typeof cacheInvalidateResponseSchema>;
