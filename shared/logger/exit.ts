import type { Logger } from 'pino';
import { destinationOf } from './destination.js';

/** How long pending lines may take to reach a slow reader before the process exits anyway. */
const defaultGraceMs = 2_000;

/**
 * Exits once the logger's pending lines are written, or could not be. Exiting with lines still
 * pending leaves them to pino's exit hook, a synchronous flush that retries a failed write
 * forever: with stdout gone (its reader died, EPIPE) the process then never exits, SIGTERM or
 * not. Ending the destination first writes what it holds; a broken pipe ends it with an error
 * (after which pino drops every line), and a reader stuck for `graceMs` costs the lines it did
 * not take, never the exit.
 */
export function exitWhenLogged(logger: Logger, code: number, graceMs = defaultGraceMs): void {
  const destination = destinationOf(logger);
  const exit = () => process.exit(code);
  destination.once('close', exit);
  destination.once('error', exit);
  setTimeout(() => {
    destination.destroy();
    exit();
  }, graceMs);
  destination.end();
}
