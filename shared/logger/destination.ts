import type pino from 'pino';
import type { Logger } from 'pino';
import type { DroppedLines } from './dropped-lines.js';

/** pino's asynchronous stdout writer (sonic-boom). */
export type LogDestination = ReturnType<typeof pino.destination>;

/** What `createLogger` made for a logger besides the logger itself. */
interface LoggerOutput {
  destination: LogDestination;
  dropped: DroppedLines;
}

const outputs = new WeakMap<Logger, LoggerOutput>();

/** Records what `createLogger` made for `logger`, for `destinationOf` and `droppedLinesOf`. */
export function recordOutput(logger: Logger, output: LoggerOutput): void {
  outputs.set(logger, output);
}

function outputOf(logger: Logger, asker: string): LoggerOutput {
  const output = outputs.get(logger);
  if (!output) throw new Error(`${asker} needs a logger made by createLogger`);
  return output;
}

/**
 * Where a logger made by `createLogger` writes, so another writer (the proxy's access log) can add
 * whole lines to the same buffer without ever interleaving with it.
 */
export function destinationOf(logger: Logger): LogDestination {
  return outputOf(logger, 'destinationOf').destination;
}

/** The drop count of a logger made by `createLogger`. */
export function droppedLinesOf(logger: Logger): DroppedLines {
  return outputOf(logger, 'droppedLinesOf').dropped;
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
