import type { OutgoingHttpHeaders } from 'node:http';
import type { ErrorCode } from '../../shared/errors/catalogue.js';
import { clientResponseHeaders, privateAnswerHeaders } from '../forward/headers.js';
import { CircuitOpenError, classifyUpstreamError } from '../forward/upstream.js';
import { sendError, writeHead } from '../http/respond.js';
import type { Exchange } from '../pipeline/exchange.js';
import type { ServiceName } from '../routes/table.js';
import type { Answer } from './entry.js';

export type XCache = 'HIT' | 'MISS' | 'BYPASS' | 'STALE';

/** An answer and how the cache came by it; no `xCache` when the cache is switched off. */
export interface Loaded {
  answer: Answer;
  xCache?: XCache;
  /** Seconds since the answer was stored, for HIT and STALE. */
  ageSeconds?: number;
}

/** The pipeline marked the answer private (§9 S14); cookies were the first asker's, never shared. */
const cachedAnswerWithheld: ReadonlySet<string> = new Set([...privateAnswerHeaders, 'set-cookie']);

/**
 * Writes a whole answer to the client. Upstream `Set-Cookie` is not passed on: the answer may be
 * shared by coalesced requests, and Core sets no cookies on data routes; a renewed session's
 * cookies (`ex.setCookies`) are this request's own and always are.
 */
export function sendLoaded(ex: Exchange, { answer, xCache, ageSeconds }: Loaded): void {
  const extra: OutgoingHttpHeaders = {};
  if (xCache) extra['x-cache'] = xCache;
  if (ageSeconds !== undefined) extra.age = String(ageSeconds);
  if (ex.setCookies.length > 0) extra['set-cookie'] = ex.setCookies;

  const contentType = answer.headers['content-type'];
  if (answer.status >= 400 && typeof contentType === 'string' && contentType.includes('text/html')) {
    // Flask's HTML error pages become the gateway's JSON envelope (CONTRACT §9 C9), as when streamed.
    const detail = { status: answer.status, request_id: ex.requestId };
    sendError(ex, 'upstream_error', detail, extra, `The upstream answered ${answer.status}.`);
    return;
  }
  const headers = clientResponseHeaders(answer.headers, cachedAnswerWithheld);
  Object.assign(headers, extra);
  headers['content-length'] = answer.body.length;
  writeHead(ex, answer.status, headers);
  ex.res.end(ex.method === 'HEAD' ? undefined : answer.body);
}

export interface FailureDescription {
  code: Extract<ErrorCode, 'upstream_circuit_open' | 'upstream_timeout' | 'upstream_unavailable'>;
  extra: Record<string, unknown>;
  headers?: OutgoingHttpHeaders;
}

/** What a thrown upstream call means for the client; `undefined` when the client went away. */
export function describeFailure(service: ServiceName, error: unknown): FailureDescription | undefined {
  if (error instanceof CircuitOpenError) {
    return {
      code: 'upstream_circuit_open',
      extra: { service: error.service, retry_after: error.retryAfterS },
      headers: { 'retry-after': String(error.retryAfterS) },
    };
  }
  const failure = classifyUpstreamError(error);
  if (failure === 'aborted') return undefined;
  return { code: failure === 'timeout' ? 'upstream_timeout' : 'upstream_unavailable', extra: { service } };
}

/** The forwarder's answers to a failed upstream call (502, 503 open circuit, 504), for buffered reads. */
export function sendUpstreamFailure(ex: Exchange, service: ServiceName, error: unknown): void {
  const failure = ex.abort.signal.aborted ? undefined : describeFailure(service, error);
  if (!failure) {
    ex.res.destroy();
    return;
  }
  sendError(ex, failure.code, { ...failure.extra, request_id: ex.requestId }, failure.headers);
}
