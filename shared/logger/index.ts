import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

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

/**
 * JSON lines to stdout. The destination is asynchronous so a log line never blocks the request
 * that wrote it; `flush()` it before exiting.
 */
export function createLogger(service: string, level: string, sync = false): Logger {
  return pino(
    {
      level,
      base: { service },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: 1, sync, minLength: sync ? 0 : 4096 }),
  );
}
