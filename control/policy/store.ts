import type { Redis } from 'ioredis';
import {
  defaultPolicy,
  type PolicyDocument,
  type PolicySettings,
  policyDocumentSchema,
} from '../../shared/policy/schema.js';
import type { FieldProblem } from '../../shared/policy/validate.js';
import { redisChannels, redisKeys } from '../../shared/redis/keys.js';
import { LuaScript } from '../../shared/redis/lua-script.js';

/**
 * Stores the document only if the stored version is still the one the change was based on, and
 * announces it in the same atomic step, so two concurrent changes can never both become version N.
 */
const compareAndSet = new LuaScript(`
local current = redis.call('GET', KEYS[1])
local version = 0
if current then version = cjson.decode(current)['version'] end
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1
`);

export type PolicyChange = (
  current: PolicyDocument,
) => { ok: true; settings: PolicySettings } | { ok: false; problems: FieldProblem[] };

export type UpdateResult = { ok: true; policy: PolicyDocument } | { ok: false; problems: FieldProblem[] };

const maxAttempts = 5;

/** The policy document in Redis: read it, and change it version by version. */
export class PolicyStore {
  constructor(
    private readonly redis: Redis,
    private readonly onStored: (policy: PolicyDocument) => void = () => {},
  ) {}

  /** The stored document, or the built-in defaults (version 0) when none was ever stored. */
  async read(): Promise<PolicyDocument> {
    const raw = await this.redis.get(redisKeys.policy);
    if (raw === null) return defaultPolicy();
    return policyDocumentSchema.parse(JSON.parse(raw));
  }

  /**
   * Applies `change` to the current document and stores the result as the next version. A
   * concurrent writer makes the attempt start over from the newer document.
   */
  async update(operator: string, change: PolicyChange): Promise<UpdateResult> {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const current = await this.read();
      const outcome = change(current);
      if (!outcome.ok) return outcome;
      const next: PolicyDocument = {
        ...outcome.settings,
        version: current.version + 1,
        updatedAt: new Date().toISOString(),
        updatedBy: operator,
      };
      const announcement = JSON.stringify({
        version: next.version,
        updatedAt: next.updatedAt,
        updatedBy: next.updatedBy,
      });
      const stored = await compareAndSet.run(
        this.redis,
        [redisKeys.policy],
        [current.version, JSON.stringify(next), redisChannels.policy, announcement],
      );
      if (stored === 1) {
        this.onStored(next);
        return { ok: true, policy: next };
      }
    }
    throw new Error(`policy changed concurrently ${maxAttempts} times in a row`);
  }
}
