import type { Redis } from 'ioredis';
import { cacheKeys } from '../../shared/redis/keys.js';
import type { NearCopies } from './near-copies.js';

/** Where Redis publishes tracking invalidations for a RESP2 client (`CLIENT TRACKING ... REDIRECT`). */
const invalidationChannel = '__redis__:invalidate';
const rearmDelayMs = 1_000;

export interface Tracking {
  close(): void;
}

/**
 * Keeps `copies` trustworthy: Redis reports every change under the cache's prefixes (broadcast
 * mode, so no per-key state on the server) to a subscriber connection of this pod's own. Any
 * break in either connection drops every copy until both are back and tracking is on again.
 * `NOLOOP`: this pod's own writes are not reported; the store applies them to the copies itself.
 */
export function trackInvalidations(data: Redis, copies: NearCopies): Tracking {
  const subscriber = data.duplicate({ autoResubscribe: false, lazyConnect: false });
  let subscriberId: number | undefined;
  let attempt = 0;
  let rearm: NodeJS.Timeout | undefined;

  const lose = () => {
    attempt++;
    copies.deactivate();
  };

  const arm = async () => {
    const mine = ++attempt;
    copies.deactivate();
    clearTimeout(rearm);
    if (subscriberId === undefined || data.status !== 'ready') return;
    try {
      await data.call('CLIENT', 'TRACKING', 'OFF');
      await data.call(
        'CLIENT',
        'TRACKING',
        'ON',
        'REDIRECT',
        String(subscriberId),
        'BCAST',
        'PREFIX',
        cacheKeys.prefix,
        'PREFIX',
        cacheKeys.generationPrefix,
        'NOLOOP',
      );
      if (mine === attempt) copies.activate();
    } catch {
      // A timeout or a server without tracking (Redis < 6): the store works without copies.
      if (mine === attempt) rearm = setTimeout(arm, rearmDelayMs).unref();
    }
  };

  subscriber.on('error', () => {});
  subscriber.on('close', () => {
    subscriberId = undefined;
    lose();
  });
  subscriber.on('ready', async () => {
    try {
      const id = (await subscriber.client('ID')) as number;
      await subscriber.subscribe(invalidationChannel);
      subscriberId = id;
      await arm();
    } catch {
      subscriber.disconnect(true);
    }
  });
  subscriber.on('messageBuffer', (_channel: Buffer, message: unknown) => {
    if (message === null) copies.clear();
    else if (Array.isArray(message)) for (const key of message) copies.dropKey(String(key));
    else copies.dropKey(String(message));
  });
  data.on('close', lose);
  data.on('ready', arm);

  return {
    close() {
      lose();
      clearTimeout(rearm);
      data.off('close', lose);
      data.off('ready', arm);
      subscriber.disconnect();
    },
  };
}
