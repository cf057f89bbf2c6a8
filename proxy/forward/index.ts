import type { OutgoingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { readCookie } from '../http/cookies.js';
import { sendError, writeHead } from '../http/respond.js';
import type { Exchange } from '../pipeline/exchange.js';
import { upstreamPath } from '../routes/compile.js';
import type { ProxyRouteSpec } from '../routes/table.js';
import { asDispatchBody, hasRequestBody, limitedBody } from './body.js';
import { ForwardedCall, type SinkChooser, type UpstreamObserver } from './forwarded-call.js';
import {
  clientResponseHeaders,
  privateAnswerHeaders,
  type UpstreamIdentity,
  upstreamRequestHeaders,
} from './headers.js';
import { discardSink, HeldAnswer, ResponseSink } from './sinks.js';
import {
  CircuitOpenError,
  classifyUpstreamError,
  failedBeforeSending,
  type UpstreamService,
  type Upstreams,
} from './upstream.js';

export type { UpstreamObserver } from './forwarded-call.js';

export interface ForwarderSettings {
  accessCookieName: string;
  refreshCookieName: string;
  maxBodyBytes: number;
}

const isServerError = (status: number) => status >= 500;
const idempotent = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const readOnly = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Streams a request to its upstream and the answer back, without buffering either body. */
export class Forwarder {
  /**
   * Awaited before the head of a user's successful (2xx) write reaches the client: the response
   * cache invalidates the user there, so their next read — on any pod — sees the write.
   */
  onWriteSucceeded?: (ex: Exchange) => Promise<unknown>;

  constructor(
    private readonly upstreams: Upstreams,
    private readonly settings: ForwarderSettings,
    private readonly observe: UpstreamObserver,
  ) {}

  /** The upstream request headers for an exchange, identity and cookies included. */
  headersFor(ex: Exchange, passEncoding: boolean, contentLength?: string) {
    return upstreamRequestHeaders(ex.req.headers, {
      requestId: ex.requestId,
      forwardedFor: ex.client.forwardedFor,
      proto: ex.client.proto,
      host: ex.client.host,
      accessCookieName: this.settings.accessCookieName,
      refreshCookieName: this.settings.refreshCookieName,
      identity: this.#identity(ex),
      passEncoding,
      contentLength,
    });
  }

  async forward(ex: Exchange, spec: ProxyRouteSpec): Promise<void> {
    const service = this.upstreams[spec.service];
    const withBody = hasRequestBody(ex.req);
    const length = ex.req.headers['content-length'];
    if (withBody && length !== undefined && Number(length) > this.settings.maxBodyBytes) {
      sendError(ex, 'payload_too_large', { request_id: ex.requestId, limit: this.settings.maxBodyBytes });
      return;
    }
    const options: Dispatcher.DispatchOptions = {
      method: ex.method as Dispatcher.HttpMethod,
      path: service.path(upstreamPath(ex.route!, ex.params), ex.query),
      headers: this.headersFor(ex, true, withBody ? length : undefined),
      body: withBody ? this.#bodyOf(ex) : undefined,
      headersTimeout: service.timeoutMs,
      bodyTimeout: service.timeoutMs,
    };
    const retryable = !withBody && idempotent.has(ex.method);
    try {
      await this.#stream(ex, service, options);
    } catch (error) {
      if (retryable && failedBeforeSending(error) && !ex.res.headersSent) {
        try {
          await this.#stream(ex, service, options);
          return;
        } catch (second) {
          this.#fail(ex, service, second);
          return;
        }
      }
      this.#fail(ex, service, error);
    }
  }

  #stream(ex: Exchange, service: UpstreamService, options: Dispatcher.DispatchOptions): Promise<number> {
    return service.guard.run(
      new ForwardedCall(ex, service, options, this.#sinkFor, this.observe),
      isServerError,
    );
  }

  /**
   * Where the upstream body goes: straight to the client, or — for an HTML error page — nowhere.
   * A function made once per forwarder, handed to every call.
   */
  readonly #sinkFor: SinkChooser = (ex, status, upstreamHeaders) => {
    const contentType = upstreamHeaders['content-type'];
    if (status >= 400 && typeof contentType === 'string' && contentType.includes('text/html')) {
      // Flask's HTML error pages become the gateway's JSON envelope (CONTRACT §9 C9).
      sendError(
        ex,
        'upstream_error',
        { status, request_id: ex.requestId },
        undefined,
        `The upstream answered ${status}.`,
      );
      return discardSink;
    }
    const headers = clientResponseHeaders(upstreamHeaders, ex.identity ? privateAnswerHeaders : undefined);
    if (ex.setCookies.length > 0)
      headers['set-cookie'] = [...ex.setCookies, ...toList(headers['set-cookie'])];
    if (this.onWriteSucceeded && ex.identity && status >= 200 && status < 300 && !readOnly.has(ex.method))
      return new HeldAnswer(this.onWriteSucceeded(ex), ex, status, headers);
    writeHead(ex, status, headers);
    return new ResponseSink(ex.res);
  };

  /**
   * The body as an async iterable, never as the request stream itself. With a stream body, V8's
   * allocation-site pretenuring moved some of undici's per-request stream-writer objects straight
   * to the old generation, where, dead, they kept the young objects they point at alive through
   * every scavenge until a full collection: a 1 KB POST load promoted ~2.6 MB per scavenge, with
   * 8–10 ms pauses and a full collection every ~0.6 s (~60 KB, 2 ms with an iterable, or with
   * `--no-allocation-site-pretenuring`; bench/HISTORY.md, session 9). The count only bites for a
   * chunked body: the HTTP parser holds a declared one to its length, checked above.
   */
  #bodyOf(ex: Exchange): Dispatcher.DispatchOptions['body'] {
    return asDispatchBody(limitedBody(ex.req, this.settings.maxBodyBytes));
  }

  #fail(ex: Exchange, service: UpstreamService, error: unknown): void {
    if (error instanceof CircuitOpenError) {
      this.observe(service.name, 'circuit_open', 0);
      sendError(
        ex,
        'upstream_circuit_open',
        { service: error.service, retry_after: error.retryAfterS, request_id: ex.requestId },
        { 'retry-after': String(error.retryAfterS) },
      );
      return;
    }
    const failure = classifyUpstreamError(error);
    if (failure === 'aborted' || ex.abort.signal.aborted) {
      ex.res.destroy();
      return;
    }
    if (failure !== 'payload_too_large') this.observe(service.name, failure, 0);
    if (ex.res.headersSent) {
      ex.res.destroy();
      return;
    }
    const extra = { service: service.name, request_id: ex.requestId };
    if (failure === 'timeout') sendError(ex, 'upstream_timeout', extra);
    else if (failure === 'payload_too_large')
      sendError(ex, 'payload_too_large', { request_id: ex.requestId });
    else sendError(ex, 'upstream_unavailable', extra);
  }

  #identity(ex: Exchange): UpstreamIdentity {
    const cookie = ex.req.headers.cookie;
    const refreshToken = readCookie(cookie, this.settings.refreshCookieName);
    if (ex.identity)
      return { accessToken: ex.identity.accessToken, refreshToken, userId: ex.identity.userId };
    // Public routes (login, logout, refresh…) see the session cookies as the browser sent them.
    const bearer = /^bearer +(\S+)$/i.exec(ex.req.headers.authorization ?? '')?.[1];
    return { accessToken: bearer ?? readCookie(cookie, this.settings.accessCookieName), refreshToken };
  }
}

function toList(value: OutgoingHttpHeaders[string]): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [String(value)];
}
