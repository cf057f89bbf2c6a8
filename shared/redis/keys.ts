/**
 * Every Redis key and pub/sub channel the gateway uses, in one place (ARCHITECTURE.md, "Redis
 * layout"). Braces are Redis Cluster hash tags: everything about one client or user lands on one
 * slot, so a Lua script may touch it atomically.
 */
export const redisKeys = {
  /** The current policy document (JSON with `version`). */
  policy: 'bff:policy',
  /** One proxy pod's heartbeat; expires after a few missed beats. */
  pod: (podId: string) => `bff:pod:${podId}`,
  /** SCAN pattern matching every pod heartbeat. */
  podPattern: 'bff:pod:*',
  /** Sliding-window log of one client (`u:<userId>` or `a:<address>`) for one bucket. */
  rateLimit: (clientKey: string, bucket: string) => `bff:rl:{${clientKey}}:${bucket}`,
} as const;

export const redisChannels = {
  /** "Version N is live": `{version, updatedAt, updatedBy}`. */
  policy: 'bff:policy',
  /** Breaker transitions reported by pods: `{podId, service, from, to, at}`. */
  breaker: 'bff:breaker',
} as const;

/** Glob metacharacters of Redis patterns, escaped where a value is matched literally. */
const globSpecials = /[*?[\]\\]/g;

/**
 * The response cache (proxy/cache). A user's entries carry the user's generation number, so
 * bumping `cacheGeneration` orphans all of them at once; the hash tag keeps a user on one slot.
 */
export const cacheKeys = {
  /** Where every cache entry lives; `deletePattern` refuses patterns outside it. */
  prefix: 'bff:cache:',
  /** The start of one user's entries at one generation: `bff:cache:{<userId>}:g<gen>:`. */
  entryPrefix: (userId: string) => `bff:cache:{${userId}}:g`,
  entry: (userId: string, generation: number, name: string) => `bff:cache:{${userId}}:g${generation}:${name}`,
  /** Outside `bff:cache:` so no entry pattern can delete it and resurrect orphaned entries. */
  generation: (userId: string) => `bff:cache-gen:{${userId}}`,
  /** Where every generation lives. */
  generationPrefix: 'bff:cache-gen:',
  /** SCAN pattern matching every entry of one user. */
  userPattern: (userId: string) => `bff:cache:{${userId.replace(globSpecials, '\\$&')}}:*`,
} as const;
