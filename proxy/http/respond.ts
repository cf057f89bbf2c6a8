import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { type ErrorCode, errorBody, errorCatalogue } from '../../shared/errors/catalogue.js';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: OutgoingHttpHeaders,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

/** A catalogued gateway error; the request id lets a user's report be found in the logs. */
export function sendError(
  res: ServerResponse,
  code: ErrorCode,
  extra?: Record<string, unknown>,
  headers?: OutgoingHttpHeaders,
  message?: string,
): void {
  sendJson(res, errorCatalogue[code].status, errorBody(code, extra, message), headers);
}
