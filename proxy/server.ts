import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, Server, type ServerResponse } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';
import { type ErrorCode, errorBody, errorCatalogue } from '../shared/errors/catalogue.js';
import type { Logger } from '../shared/logger/index.js';
import type { ProxyConfig } from './config/index.js';
import type { Gateway } from './gateway.js';
import { createCleartextFront, createSecureFront } from './http2/index.js';

/** The listening server and how to wind its connections down, whatever protocols it speaks. */
export interface Front {
  readonly server: NetServer;
  readonly protocols: readonly string[];
  /** Closes idle keep-alive connections and asks HTTP/2 sessions to finish (GOAWAY). */
  closeIdle(): void;
  /** Cuts every connection still open. */
  closeAll(): void;
}

/** TLS (h2 + http/1.1) when a certificate is configured, else HTTP/1.1, with h2c beside it if asked. */
export function createFront(config: ProxyConfig, gateway: Gateway, logger: Logger): Front {
  const handle = gateway.pipeline.handle;
  if (config.TLS_CERT_FILE || config.TLS_KEY_FILE)
    return createSecureFront(config, handle, answerClientError, logger);
  const http1 = createHttpServer(config, gateway);
  if (config.HTTP2_CLEARTEXT) return createCleartextFront(http1, config, handle, logger);
  return {
    server: http1,
    protocols: ['http/1.1'],
    closeIdle: () => http1.closeIdleConnections(),
    closeAll: () => http1.closeAllConnections(),
  };
}

/** The raw HTTP/1.1 listener with limits against slow or oversized clients. */
export function createHttpServer(config: ProxyConfig, gateway: Gateway): Server {
  const server = createServer(
    {
      maxHeaderSize: config.MAX_HEADER_BYTES,
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      // Node checks both timeouts only this often (30 s by default), which would let a slow
      // client hold a connection far past HEADERS_TIMEOUT_MS.
      connectionsCheckingInterval: Math.min(1_000, config.HEADERS_TIMEOUT_MS),
      keepAliveTimeout: 65_000,
    },
    gateway.pipeline.handle,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
    answerClientError(error, socket),
  );
  return server;
}

/** Parser failures Node reports, as the gateway's answer; anything else is a plain 400. */
const clientErrorAnswers: Record<string, { status: number; reason: string; code: ErrorCode }> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', code: 'header_too_large' },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: errorCatalogue.request_timeout.status,
    reason: 'Request Timeout',
    code: 'request_timeout',
  },
};
const badRequest = {
  status: errorCatalogue.bad_request.status,
  reason: 'Bad Request',
  code: 'bad_request' as const,
};

/**
 * Malformed requests never reach the pipeline; they still get a JSON answer with a request id,
 * not Node's bare one.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const answer = (error.code && clientErrorAnswers[error.code]) || badRequest;
  const requestId = randomUUID();
  const body = JSON.stringify(errorBody(answer.code, { request_id: requestId }));
  socket.end(
    `HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * Graceful stop: readiness fails at once, no new connections, in-flight requests finish, idle
 * keep-alive connections close; whatever remains after `timeoutMs` is cut.
 */
export async function drain(
  front: Front,
  gateway: Gateway,
  timeoutMs: number,
  logger: Logger,
): Promise<void> {
  gateway.health.ready = false;
  if (front.server instanceof Server) {
    // Requests still arriving on kept-alive connections are answered, then the connection closes.
    front.server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      res.shouldKeepAlive = false;
    });
  }
  const closed = new Promise<void>((resolve) => front.server.close(() => resolve()));
  front.closeIdle();
  const idleSweep = setInterval(() => front.closeIdle(), 100);
  const deadline = new Promise<'timeout'>((resolve) =>
    setTimeout(() => resolve('timeout'), timeoutMs).unref(),
  );
  const result = await Promise.race([closed.then(() => 'drained' as const), deadline]);
  clearInterval(idleSweep);
  if (result === 'timeout') {
    logger.warn({ timeoutMs }, 'drain timeout reached; closing remaining connections');
    front.closeAll();
  }
  await gateway.close();
}
