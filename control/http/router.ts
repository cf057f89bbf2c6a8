import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../shared/logger/index.js';
import type { ControlMetrics } from '../metrics.js';
import type { AdminAuth } from './admin-auth.js';
import { ControlHttpError, readJson, sendJson } from './json.js';

export interface RequestContext {
  params: string[];
  /** Who made the change, for `updatedBy`: the `X-Operator` header, else `admin`. */
  operator: string;
  body: () => Promise<unknown>;
}

export type HandlerResult = { status?: number; json: unknown } | { text: string; contentType: string };

export interface ControlRoute {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST';
  /** The template, used as the metrics label and in docs. */
  template: string;
  pattern: RegExp;
  /** Admin routes need the bearer token; `/health` and `/metrics` are open. */
  admin: boolean;
  handle: (ctx: RequestContext) => Promise<HandlerResult>;
}

const operatorPattern = /^[\w.@:-]{1,64}$/;

/** Matches a request to the route table, checks the token, runs the handler, answers JSON. */
export function createRouter(
  routes: readonly ControlRoute[],
  auth: AdminAuth,
  metrics: ControlMetrics,
  logger: Logger,
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    const onPath = routes.filter((route) => route.pattern.test(path));
    const route = onPath.find((candidate) => candidate.method === req.method);
    const template = route?.template ?? onPath[0]?.template ?? 'unmatched';
    res.once('finish', () =>
      metrics.apiRequests.labels(req.method ?? 'GET', template, String(res.statusCode)).inc(),
    );
    run(req, route, onPath.length > 0)
      .then((result) => {
        if ('text' in result) {
          res.writeHead(200, { 'content-type': result.contentType });
          res.end(result.text);
        } else sendJson(res, result.status ?? 200, result.json);
      })
      .catch((error: unknown) => {
        const known = error instanceof ControlHttpError ? error : toHttpError(error);
        if (known.status >= 500) logger.error({ err: error, path }, 'admin request failed');
        sendJson(res, known.status, known.body());
      });
  };

  async function run(
    req: IncomingMessage,
    route: ControlRoute | undefined,
    pathKnown: boolean,
  ): Promise<HandlerResult> {
    // The token is checked before anything else, so an unauthenticated caller learns nothing.
    if (route?.admin !== false && !auth.allows(req.headers.authorization)) {
      throw new ControlHttpError('admin_unauthorized');
    }
    if (!route) throw new ControlHttpError(pathKnown ? 'method_not_allowed' : 'not_found');
    const header = req.headers['x-operator'];
    const operator = typeof header === 'string' && operatorPattern.test(header) ? header : 'admin';
    const params = route.pattern.exec((req.url ?? '/').split('?')[0])?.slice(1) ?? [];
    return route.handle({ params, operator, body: () => readJson(req) });
  }
}

/** Redis trouble becomes a 503 the operator can act on; anything else is a plain 500. */
function toHttpError(error: unknown): ControlHttpError {
  const message = error instanceof Error ? error.message : '';
  const redis =
    /Connection is closed|Stream isn't writeable|Command timed out|ECONNREFUSED|enableOfflineQueue/i.test(
      message,
    );
  return new ControlHttpError(redis ? 'redis_unavailable' : 'internal_error');
}
