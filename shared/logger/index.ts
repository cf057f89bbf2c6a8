import pino, { type DestinationStream, type Logger } from 'pino';
import { isoTimeField } from './iso-time.js';

export type { Logger } from 'pino';
export { isoTimeField } from './iso-time.js';

/**
 * Paths pino blanks out wherever they appear, as a second line of defence: no code path should
 * log headers or bodies in the first place.
 */
const redactPaths = [
  'authorization',
  'cookie',
  'token',
  'password',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.password',
  'headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
];

/** Each logger's destination, so the access log writes through the same buffer, never interleaving. */
const destinations = new WeakMap<Logger, DestinationStream>();

const lineFormat = {
  timestamp: isoTimeField,
  formatters: { level: (label: string) => ({ level: label }) },
};

/**
 * JSON lines to stdout. The destination is asynchronous so a log line never blocks the request
 * that wrote it; `flush()` it before exiting. No `minLength`: a line is written as soon as the
 * previous write finished, so a quiet process's lines never wait in a buffer (busy writers, like
 * the proxy's access log, batch their own lines).
 */
export function createLogger(service: string, level: string, sync = false): Logger {
  const destination = pino.destination({ fd: 1, sync });
  const logger = pino(
    { ...lineFormat, level, base: { service }, redact: { paths: redactPaths, censor: '[redacted]' } },
    destination,
  );
  destinations.set(logger, destination);
  return logger;
}

/**
 * Where a logger made by `createLogger` writes, so another writer (the proxy's access log) can add
 * whole lines to the same buffer without ever interleaving with it.
 */
export function destinationOf(logger: Logger): DestinationStream {
  const destination = destinations.get(logger);
  if (!destination) throw new Error('destinationOf needs a logger made by createLogger');
  return destination;
}
