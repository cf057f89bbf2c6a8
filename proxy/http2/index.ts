import { readFileSync } from 'node:fs';
import { Server as Http1Server, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  createSecureServer,
  createServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerOptions,
} from 'node:http2';
import type { Socket } from 'node:net';
import type { Logger } from '../../shared/logger/index.js';
import type { ProxyConfig } from '../config/index.js';
import type { Front } from '../server.js';
import { acceptH2cBeside } from './preface.js';
import { Http2Sessions, sessionIdleTimeoutMs } from './sessions.js';

type Handle = (req: IncomingMessage, res: ServerResponse) => void;

/** HTTP/2 limits shared by both fronts; header list size follows the HTTP/1.1 header limit. */
function http2Options(config: ProxyConfig): ServerOptions {
  return {
    settings: {
      maxConcurrentStreams: config.HTTP2_MAX_CONCURRENT_STREAMS,
      maxHeaderListSize: config.MAX_HEADER_BYTES,
      enablePush: false,
    },
    maxSessionInvalidFrames: 100,
    maxSessionRejectedStreams: 100,
  };
}

/**
 * The pipeline serves HTTP/2 through node's compatibility API, whose request and response
 * implement what the pipeline uses of `IncomingMessage`/`ServerResponse` (headers, url, method,
 * socket address, body iteration; writeHead, end, destroy, 'close',
 * writableFinished); test/http2.test.ts drives every route class through it. The host comes as
 * `:authority`, which the client address resolver reads where HTTP/1.1 has `Host`: the headers
 * are not rewritten, and no wrapper runs per request.
 */
function compat(handle: Handle) {
  return handle as (
    req: Http2ServerRequest | IncomingMessage,
    res: Http2ServerResponse | ServerResponse,
  ) => void;
}

/** TLS on one port: ALPN picks h2, or http/1.1 for clients without HTTP/2. */
export function createSecureFront(
  config: ProxyConfig,
  handle: Handle,
  onClientError: (error: NodeJS.ErrnoException, socket: Socket) => void,
  logger: Logger,
): Front {
  if (!config.TLS_CERT_FILE || !config.TLS_KEY_FILE)
    throw new Error('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  const server = createSecureServer(
    {
      ...http2Options(config),
      cert: readFileSync(config.TLS_CERT_FILE),
      key: readFileSync(config.TLS_KEY_FILE),
      allowHTTP1: true,
    },
    compat(handle),
  );
  // The HTTP/1.1 fallback reads its limits from the server object, as `http.Server` does.
  Object.assign(server, {
    maxHeaderSize: config.MAX_HEADER_BYTES,
    headersTimeout: config.HEADERS_TIMEOUT_MS,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    // As in createHttpServer: check the timeouts every second, not every 30 s.
    connectionsCheckingInterval: Math.min(1_000, config.HEADERS_TIMEOUT_MS),
    keepAliveTimeout: sessionIdleTimeoutMs,
  });
  server.on('clientError', onClientError);
  const sessions = new Http2Sessions(server, config.HTTP2_MAX_RESETS_PER_10S, logger);
  return {
    server,
    protocols: ['h2', 'http/1.1'],
    // The HTTP/1.1 fallback tracks its connections as `http.Server` does (node's own
    // `closeIdleConnections` on this server delegates the same way; the types omit it).
    closeIdle: () => {
      Http1Server.prototype.closeIdleConnections.call(server);
      sessions.closeIdle();
    },
    closeAll: () => {
      sessions.closeAll();
      Http1Server.prototype.closeAllConnections.call(server);
    },
  };
}

/** Cleartext: HTTP/1.1 as always, plus h2c from clients with prior knowledge, on the same port. */
export function createCleartextFront(
  http1: Http1Server,
  config: ProxyConfig,
  handle: Handle,
  logger: Logger,
): Front {
  const h2c = createServer(http2Options(config), compat(handle));
  const sessions = new Http2Sessions(h2c, config.HTTP2_MAX_RESETS_PER_10S, logger);
  acceptH2cBeside(http1, h2c, config.HEADERS_TIMEOUT_MS);
  return {
    server: http1,
    protocols: ['http/1.1', 'h2c'],
    closeIdle: () => {
      http1.closeIdleConnections();
      sessions.closeIdle();
    },
    closeAll: () => {
      http1.closeAllConnections();
      sessions.closeAll();
    },
  };
}
