import { redisKeys } from '../../shared/redis/keys.js';
import type { ClientKey } from './index.js';

/** Clients remembered per kind before the memo starts over; a key is cheap to make again. */
const maxClients = 10_000;

/**
 * Each client's window key per bucket, made once. Joined per request it was a new string, and
 * hashing it for the window lookup cost more than the rest of the decision (bench:instructions);
 * a user id or an address is the same string instance request after request, its hash cached.
 */
export class ClientKeys {
  readonly #users = new Map<string, Map<string, string>>();
  readonly #addresses = new Map<string, Map<string, string>>();

  keyOf(client: ClientKey, bucket: string): string {
    return client.kind === 'user'
      ? this.#memo(this.#users, client.userId, 'u:', bucket)
      : this.#memo(this.#addresses, client.address, 'a:', bucket);
  }

  #memo(byId: Map<string, Map<string, string>>, id: string, prefix: string, bucket: string): string {
    let byBucket = byId.get(id);
    if (!byBucket) {
      if (byId.size >= maxClients) byId.clear();
      byBucket = new Map();
      byId.set(id, byBucket);
    }
    let key = byBucket.get(bucket);
    if (key === undefined) {
      key = redisKeys.rateLimit(`${prefix}${id}`, bucket);
      byBucket.set(bucket, key);
    }
    return key;
  }
}
