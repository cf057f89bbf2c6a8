import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../../shared/logger/index.js';
import type { Authenticator, AuthOutcome, UnauthenticatedReason } from '../auth/index.js';
import { answeredInFull } from '../http/answered.js';
import type { ClientAddressResolver } from '../http/client-address.js';
import type { Cors } from '../http/cors.js';
import { sendError, writeHead } from '../http/respond.js';
import { type ProxyMetrics, type RouteMeter, unmatchedRoute } from '../metrics/index.js';
import type { CompiledRoute, RouteMatcher } from '../routes/compile.js';
import type { RouteSpec } from '../routes/table.js';
import type { AccessLog } from './access-log.js';
import { Exchange } from './exchange.js';

export interface PipelineDeps {
  matcher: RouteMatcher;
  cors: Cors;
  clients: ClientAddressResolver;
  authenticator: Authenticator;
  metrics: ProxyMetrics;
  logger: Logger;
  /** One line per request. */
  accessLog: AccessLog;
  /** Answers a matched, authorised request: local handler, aggregate, cache or forward. */
  serve: (ex: Exchange, spec: RouteSpec) => Promise<void> | void;
  /** The rate-limit stage: true when it answered (429); absent means no limiting. */
  rateLimit?: (ex: Exchange, spec: RouteSpec) => Promise<boolean> | boolean;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** Where a response keeps its exchange, so one shared `close` listener serves every request. */
const exchangeOfResponse = Symbol('exchange');
type CarryingResponse = ServerResponse & { [exchangeOfResponse]?: Exchange };

const unauthorizedMessages: Record<UnauthenticatedReason, string> = {
  token_missing: 'Authentication required',
  token_expired: 'Session expired. Please login again.',
  token_invalid: 'Invalid access token.',
};

/**
 * The request pipeline, top to bottom: id → CORS → route → rate limit → auth → serve → metrics
 * and log.
 * Each stage either answers (and the request is done) or passes on what it learned.
 */
export class Pipeline {
  readonly #meters: Map<CompiledRoute, RouteMeter>;
  readonly #unmatched: RouteMeter;
  /**
   * Every response's `close` listener: one function for all requests, where a closure per
   * request would be allocated (and, with `once`, wrapped) on the hottest path.
   */
  readonly #onClose: (this: CarryingResponse) => void;

  constructor(private readonly deps: PipelineDeps) {
    this.#meters = deps.metrics.bindRoutes(deps.matcher.routes);
    this.#unmatched = deps.metrics.meterFor('ANY', unmatchedRoute);
    const pipeline = this;
    this.#onClose = function (this: CarryingResponse) {
      const ex = this[exchangeOfResponse];
      if (ex === undefined) return;
      this[exchangeOfResponse] = undefined;
      pipeline.#finish(ex);
    };
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const ex = this.#begin(req, res);
    try {
      const waiting = this.#run(ex);
      if (waiting !== undefined) this.#failOnRejection(ex, waiting);
    } catch (error) {
      this.#failed(ex, error);
    }
  };

  async #failOnRejection(ex: Exchange, waiting: Promise<void>): Promise<void> {
    try {
      await waiting;
    } catch (error) {
      this.#failed(ex, error);
    }
  }

  // The stages return a promise only when they had to wait (a Redis count, a token not seen
  // before, an upstream): a request answered from memory never allocates one for them.
  #run(ex: Exchange): Promise<void> | void {
    if (this.deps.cors.apply(ex.req, ex)) return;

    const match = this.deps.matcher.match(ex.method, ex.path);
    if (match.kind !== 'found') {
      this.#answerUnmatched(ex, match);
      return;
    }
    ex.route = match.route;
    ex.params = match.params;
    const spec = match.route.spec;
    // Before authentication (CONTRACT §9 S4): a flood is refused before any token work.
    const limited = this.deps.rateLimit?.(ex, spec) ?? false;
    if (limited === true) return;
    if (limited !== false)
      return limited.then((refused) => (refused ? undefined : this.#authorize(ex, spec)));
    return this.#authorize(ex, spec);
  }

  #authorize(ex: Exchange, spec: RouteSpec): Promise<void> | void {
    if (spec.access !== 'user') return this.deps.serve(ex, spec);
    ex.headers['cache-control'] = 'private, no-store';
    const { vary } = ex.headers;
    ex.headers.vary = vary === undefined ? 'Cookie, Authorization' : `${vary}, Cookie, Authorization`;
    const known = this.deps.authenticator.known(ex);
    if (known) {
      ex.identity = known;
      return this.deps.serve(ex, spec);
    }
    return this.deps.authenticator
      .authenticate(ex.req, ex.requestId)
      .then((outcome) => this.#admit(ex, spec, outcome));
  }

  #admit(ex: Exchange, spec: RouteSpec, outcome: AuthOutcome): Promise<void> | void {
    if (outcome.kind === 'unavailable') {
      sendError(ex, 'auth_unavailable', { request_id: ex.requestId }, { 'retry-after': '5' });
      return;
    }
    if (outcome.kind === 'unauthenticated') {
      if (outcome.setCookies.length > 0) ex.headers['set-cookie'] = outcome.setCookies;
      this.#unauthorized(ex, outcome.reason);
      return;
    }
    ex.identity = outcome.identity;
    ex.setCookies = outcome.setCookies;
    return this.deps.serve(ex, spec);
  }

  #failed(ex: Exchange, error: unknown): void {
    this.deps.logger.error({ requestId: ex.requestId, err: error }, 'request failed unexpectedly');
    if (!ex.res.headersSent) sendError(ex, 'internal_error', { request_id: ex.requestId });
    else ex.res.destroy();
  }

  #begin(req: IncomingMessage, res: ServerResponse): Exchange {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const incomingId = req.headers['x-request-id'];
    const requestId =
      typeof incomingId === 'string' && requestIdPattern.test(incomingId) ? incomingId : randomUUID();
    const ex = new Exchange(
      req,
      res,
      req.method ?? 'GET',
      q < 0 ? url : url.slice(0, q),
      q < 0 ? '' : url.slice(q + 1),
      requestId,
      performance.now(),
      // Read, not `in`: an HTTP/2 request's socket is a proxy forwarding reads to the TLS socket.
      this.deps.clients.resolve(
        req.socket.remoteAddress,
        req.headers,
        (req.socket as Partial<TLSSocket>).encrypted === true,
      ),
    );
    (res as CarryingResponse)[exchangeOfResponse] = ex;
    res.on('close', this.#onClose);
    return ex;
  }

  #finish(ex: Exchange): void {
    const answered = answeredInFull(ex.res);
    if (!answered) ex.clientGone();
    const seconds = (performance.now() - ex.startedAt) / 1000;
    const status = answered ? ex.res.statusCode : 499;
    const meter = (ex.route && this.#meters.get(ex.route)) || this.#unmatched;
    meter.observe(status, seconds);
    this.deps.accessLog.write({
      requestId: ex.requestId,
      method: ex.method,
      route: ex.route?.template ?? unmatchedRoute,
      status,
      durationMs: seconds * 1000,
      upstreamMs: ex.upstreamMs,
      userId: ex.identity?.userId,
      client: ex.client.address,
    });
  }

  #answerUnmatched(ex: Exchange, match: Exclude<ReturnType<RouteMatcher['match']>, { kind: 'found' }>): void {
    const id = { request_id: ex.requestId };
    if (match.kind === 'invalid_path') sendError(ex, 'invalid_path', id);
    else if (match.kind === 'invalid_param')
      sendError(ex, 'invalid_path_parameter', { ...id, parameter: match.name });
    else if (match.kind === 'method_not_allowed')
      sendError(ex, 'method_not_allowed', id, { allow: match.allow });
    else sendError(ex, 'not_found', id);
  }

  /** A browser navigation is sent to the login page; API callers get JSON (CONTRACT §2.8). */
  #unauthorized(ex: Exchange, reason: UnauthenticatedReason): void {
    const accept = ex.req.headers.accept ?? '';
    if (
      accept.includes('text/html') &&
      !accept.includes('application/json') &&
      !ex.path.startsWith('/bff/')
    ) {
      writeHead(ex, 302, { location: '/auth/login', 'content-length': 0 });
      ex.res.end();
      return;
    }
    sendError(
      ex,
      'unauthorized',
      { reason, redirect_url: '/auth/login', request_id: ex.requestId },
      undefined,
      unauthorizedMessages[reason],
    );
  }
}
