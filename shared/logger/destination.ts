import type pino from 'pino';
import type { Logger } from 'pino';

/** pino's asynchronous stdout writer (sonic-boom). */
export type LogDestination = ReturnType<typeof pino.destination>;

/** Each logger's destination, so the access log writes through the same buffer, never interleaving. */
export const destinations = new WeakMap<Logger, LogDestination>();

/**
 * Where a logger made by `createLogger` writes, so another writer (the proxy's access log) can add
 * whole lines to the same buffer without ever interleaving with it.
 */
export function destinationOf(logger: Logger): LogDestination {
  const destination = destinations.get(logger);
  if (!destination) throw new Error('destinationOf needs a logger made by createLogger');
  return destination;
}
