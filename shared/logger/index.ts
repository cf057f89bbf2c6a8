import pino, { type Logger } from 'pino';
import { recordOutput, writeQuietlyOnceDestroyed } from './destination.js';
import { DroppedLines } from './dropped-lines.js';
import { isoTimeField } from './iso-time.js';

export type { Logger } from 'pino';
export { destinationOf, droppedLinesOf, type LogDestination } from './destination.js';
export type { DroppedLines } from './dropped-lines.js';
export { exitWhenLogged } from './exit.js';
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

const lineFormat = {
  timestamp: isoTimeField,
  formatters: { level: (label: string) => ({ level: label }) },
};

/**
 * How much unwritten output a logger holds before it drops lines: normally next to nothing (a
 * line waits only for the write before it), and about a second of a proxy's access log at full speed
 * when stdout's reader falls behind, so a stalled reader costs at most this much memory.
 */
export const defaultLogBufferBytes = 8 * 1024 * 1024;

/**
 * JSON lines to stdout. The destination is asynchronous so a log line never blocks the request
 * that wrote it; exit through `exitWhenLogged`. No `minLength`: a line is written as soon as the
 * previous write finished, so a quiet process's lines never wait in a buffer (busy writers, like
 * the proxy's access log, batch their own lines). At most `bufferLimitBytes` wait: beyond that,
 * lines are dropped and counted (`droppedLinesOf`).
 */
export function createLogger(
  service: string,
  level: string,
  bufferLimitBytes = defaultLogBufferBytes,
): Logger {
  const destination = pino.destination({ fd: 1, sync: false, maxLength: bufferLimitBytes });
  writeQuietlyOnceDestroyed(destination);
  const logger = pino(
    { ...lineFormat, level, base: { service }, redact: { paths: redactPaths, censor: '[redacted]' } },
    destination,
  );
  recordOutput(logger, { destination, dropped: new DroppedLines(logger, destination) });
  return logger;
}
