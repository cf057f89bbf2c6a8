import type { Http2SecureServer, Http2Server, Http2Session } from 'node:http2';
import type { Logger } from '../../shared/logger/index.js';
import { ResetGuard, resetWindowMs } from './reset-guard.js';

/** How long an HTTP/2 connection may sit without a frame before it is closed (as HTTP/1.1 keep-alive). */
export const sessionIdleTimeoutMs = 65_000;

/**
 * The HTTP/2 sessions a server holds, so a graceful stop can send each a GOAWAY (open streams
 * finish, no new ones start) and a forced one can cut them; also arms the rapid-reset guard.
 */
export class Http2Sessions {
  readonly #open = new Set<Http2Session>();
  /** Each session's client, kept for the log line of a session whose socket is already gone. */
  readonly #clients = new WeakMap<Http2Session, string | undefined>();

  constructor(server: Http2Server | Http2SecureServer, maxResets: number, logger: Logger) {
    const guard = new ResetGuard(maxResets, (session, resets) =>
      logger.warn(
        { client: session.socket?.remoteAddress, resets, windowMs: resetWindowMs },
        'http2 session closed: too many cancelled streams',
      ),
    );
    // Without a 'timeout' listener node destroys a session idle this long.
    server.setTimeout(sessionIdleTimeoutMs);
    server.on('session', (session: Http2Session) => {
      this.#open.add(session);
      this.#clients.set(session, session.socket?.remoteAddress);
      session.once('close', () => this.#open.delete(session));
    });
    server.on('stream', (stream) => guard.watch(stream));
    // Node's own defences end a session too: a burst of more streams than may be open at once is
    // refused, and past `maxSessionRejectedStreams` refusals the session is cut. Unheard, that
    // left no trace.
    server.on('sessionError', (error: NodeJS.ErrnoException, session: Http2Session) =>
      logger.warn(
        { client: this.#clients.get(session), code: error.code, reason: error.message },
        'http2 session closed: protocol error',
      ),
    );
  }

  /** GOAWAY to every session: in-flight streams complete, then the connection closes. */
  closeIdle(): void {
    for (const session of this.#open) if (!session.closed) session.close();
  }

  closeAll(): void {
    for (const session of this.#open) session.destroy();
  }
}
