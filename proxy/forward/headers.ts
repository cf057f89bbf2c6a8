import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/**
 * Request headers an upstream may see, besides the ones the gateway writes itself. An
 * allow-list, not a block-list: client-sent identity (`X-User-*`), forwarding (`X-Forwarded-*`,
 * `X-Real-IP`) and hop-by-hop headers never pass (CONTRACT §9 S9).
 */
const forwardedRequestHeaders = [
  'accept',
  'accept-language',
  'content-type',
  'content-encoding',
  'user-agent',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
] as const;

/** Hop-by-hop response headers (RFC 9110 §7.6.1); the rest passes through to the client. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export interface UpstreamIdentity {
  /** Verified (or renewed) access token, presented to both services as the access cookie. */
  accessToken?: string;
  refreshToken?: string;
  userId?: string;
}

export interface UpstreamRequestContext {
  requestId: string;
  forwardedFor: string;
  proto: string;
  host: string | undefined;
  accessCookieName: string;
  refreshCookieName: string;
  identity: UpstreamIdentity;
  /** Forward `Accept-Encoding`: only on streamed answers; buffered ones must be plain for the cache. */
  passEncoding: boolean;
  contentLength?: string;
}

/**
 * No `Host`: undici writes the upstream's own (its origin's host, what the gateway would set)
 * without the validation every header passed to it costs, ~1,700 instructions each
 * (bench:instructions); the client's never passes.
 */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  ctx: UpstreamRequestContext,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of forwardedRequestHeaders) {
    const value = incoming[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (ctx.passEncoding && typeof incoming['accept-encoding'] === 'string') {
    headers['accept-encoding'] = incoming['accept-encoding'];
  }
  if (ctx.contentLength !== undefined) headers['content-length'] = ctx.contentLength;
  headers['x-request-id'] = ctx.requestId;
  headers['x-forwarded-for'] = ctx.forwardedFor;
  headers['x-forwarded-proto'] = ctx.proto;
  if (ctx.host) headers['x-forwarded-host'] = ctx.host;
  if (ctx.identity.userId) headers['x-user-id'] = ctx.identity.userId;
  const cookie = upstreamCookie(ctx);
  if (cookie) headers.cookie = cookie;
  return headers;
}

/** Only the auth cookies travel upstream, rebuilt from what was verified (§9 S8). */
function upstreamCookie(ctx: UpstreamRequestContext): string {
  const parts: string[] = [];
  if (ctx.identity.accessToken) parts.push(`${ctx.accessCookieName}=${ctx.identity.accessToken}`);
  if (ctx.identity.refreshToken) parts.push(`${ctx.refreshCookieName}=${ctx.identity.refreshToken}`);
  return parts.join('; ');
}

/**
 * Response headers the gateway writes itself, as nginx does: its own request id, its own `Date`
 * (node's, formatted once a second, where a passed one costs ~1,400 instructions of validation),
 * and no `Server` banner naming the upstream's software.
 */
const gatewayWritten = new Set(['date', 'server', 'x-request-id']);

/** What the pipeline decides for an answer it marked private; an upstream must not loosen it (§9 S14). */
export const privateAnswerHeaders: ReadonlySet<string> = new Set(['cache-control', 'vary']);

/**
 * Copies end-to-end upstream response headers but those the gateway writes; `set-cookie` stays
 * an array, one header per cookie. Headers the upstream's `Connection` names are hop-by-hop for
 * that connection only; `withheld` ones the gateway decides itself. Left out, not deleted
 * afterwards: a deleted property turns the object into a slow dictionary for everything that
 * reads it next.
 */
export function clientResponseHeaders(
  upstream: Record<string, string | string[] | undefined>,
  withheld?: ReadonlySet<string>,
): OutgoingHttpHeaders {
  const connectionScoped = namedByConnection(upstream.connection);
  const headers: OutgoingHttpHeaders = {};
  for (const name in upstream) {
    const value = upstream[name];
    if (value === undefined || hopByHop.has(name) || gatewayWritten.has(name)) continue;
    if (withheld?.has(name)) continue;
    if (connectionScoped?.has(name)) continue;
    headers[name] = value;
  }
  return headers;
}

function namedByConnection(value: string | string[] | undefined): Set<string> | undefined {
  // The usual values name no header: skip building a set for every answer.
  if (value === undefined || value === 'keep-alive' || value === 'close') return undefined;
  const list = Array.isArray(value) ? value.join(',') : value;
  return new Set(list.split(',').map((token) => token.trim().toLowerCase()));
}
