import type { IncomingHttpHeaders } from 'node:http';
import type { UpstreamService } from './upstream.js';

export interface BufferedRequest {
  method: 'GET' | 'POST';
  /** Path after the origin, prefix included. */
  path: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

export interface BufferedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A whole upstream answer in memory — for what the gateway must read or keep: cacheable GETs,
 * aggregate parts, and Auth `/me`. Runs under the service's guard; 5xx counts as a failure.
 */
export function fetchBuffered(service: UpstreamService, request: BufferedRequest): Promise<BufferedResponse> {
  return service.guard.run(
    async () => {
      const response = await service.pool.request({
        method: request.method,
        path: request.path,
        headers: request.headers,
        signal: request.signal,
        headersTimeout: service.timeoutMs,
        bodyTimeout: service.timeoutMs,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      return { status: response.statusCode, headers: response.headers as IncomingHttpHeaders, body };
    },
    (response) => response.status >= 500,
  );
}

/** Parses a JSON answer; `undefined` when the body is not JSON. */
export function parseJson(response: BufferedResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `set-cookie` headers as a list, however undici delivered them. */
export function setCookiesOf(headers: IncomingHttpHeaders): string[] {
  const value = headers['set-cookie'];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
