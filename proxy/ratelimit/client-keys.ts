import { redisKeys } from '../../shared/redis/keys.js';
import { PairMemo } from '../memo/pair-memo.js';
import type { ClientKey } from './index.js';

/** Clients remembered per kind before the memo starts over; a key is cheap to make again. */
const maxClients = 10_000;

/**
 * Each client's window key per bucket, made once. Joined per request it was a new string, and
 * hashing it for the window lookup cost more than the rest of the decision (bench:instructions);
 * a user id or an address is the same string instance request after request, its hash cached.
 */
export class ClientKeys {
  readonly #users = new PairMemo((userId, bucket) => redisKeys.rateLimit(`u:${userId}`, bucket), maxClients);
  readonly #addresses = new PairMemo(
    (address, bucket) => redisKeys.rateLimit(`a:${address}`, bucket),
    maxClients,
  );

  keyOf(client: ClientKey, bucket: string): string {
    return client.kind === 'user'
      ? this.#users.get(client.userId, bucket)
      : this.#addresses.get(client.address, bucket);
  }
}
