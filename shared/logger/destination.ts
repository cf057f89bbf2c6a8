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

/**
 * Makes a line written after the destination was destroyed (stdout's reader gone, or the exit's
 * grace over) a lost line instead of a throw: sonic-boom throws, which turned a warning logged
 * late in a shutdown (a Redis call failing as its connection closed) into exit code 1.
 */
export function writeQuietlyOnceDestroyed(destination: LogDestination): void {
  const write = destination.write;
  destination.write = function writeUnlessDestroyed(this: Destroyable, data: string): boolean {
    return this.destroyed ? false : write.call(this, data);
  };
}

/** sonic-boom sets `destroyed` as `destroy()` begins; its type declarations leave it out. */
type Destroyable = LogDestination & { readonly destroyed: boolean };
