import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorCode, errorBody, errorCatalogue } from '../shared/errors/catalogue.js';
import type { Logger } from '../shared/logger/index.js';
import type { ProxyConfig } from './config/index.js';
import type { Gateway } from './gateway.js';

/** The raw HTTP/1.1 listener with limits against slow or oversized clients. */
export function createHttpServer(config: ProxyConfig, gateway: Gateway): Server {
  const server = createServer(
    {
      maxHeaderSize: config.MAX_HEADER_BYTES,
      headersTimeout: config.HEADERS_TIMEOUT_MS,
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      keepAliveTimeout: 65_000,
    },
    gateway.pipeline.handle,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
    answerClientError(error, socket),
  );
  return server;
}

/** Malformed requests never reach the pipeline; they still get a JSON answer, not Node's bare one. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const code: ErrorCode =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'header_too_large'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'bad_request'
        : 'bad_request';
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : errorCatalogue[code].status;
  const body = JSON.stringify(errorBody(code));
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * Graceful stop: readiness fails at once, no new connections, in-flight requests finish, idle
 * keep-alive connections close; whatever remains after `timeoutMs` is cut.
 */
export async function drain(
  server: Server,
  gateway: Gateway,
  timeoutMs: number,
  logger: Logger,
): Promise<void> {
  gateway.health.ready = false;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
  const deadline = new Promise<'timeout'>((resolve) =>
    setTimeout(() => resolve('timeout'), timeoutMs).unref(),
  );
  const result = await Promise.race([closed.then(() => 'drained' as const), deadline]);
  clearInterval(idleSweep);
  if (result === 'timeout') {
    logger.warn({ timeoutMs }, 'drain timeout reached; closing remaining connections');
    server.closeAllConnections();
  }
  await gateway.close();
}
