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
      session.once('close', () => this.#open.delete(session));
      // Node's own defences end a session too: a burst of more streams than may be open at once
      // is refused, and past `maxSessionRejectedStreams` refusals the session is cut. Unheard,
      // that left no trace. The address is read now: by then the socket is gone.
      const client = session.socket?.remoteAddress;
      session.once('error', (error: NodeJS.ErrnoException) =>
        logger.warn(
          { client, code: error.code, reason: error.message },
          'http2 session closed: protocol error',
        ),
      );
    });
    server.on('stream', (stream) => guard.watch(stream));
  }

  /** GOAWAY to every session: in-flight streams complete, then the connection closes. */
  closeIdle(): void {
    for (const session of this.#open) if (!session.closed) session.close();
  }

  closeAll(): void {
    for (const session of this.#open) session.destroy();
  }
}
