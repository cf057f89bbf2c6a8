import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ErrorCode, errorBody, errorCatalogue } from '../../shared/errors/catalogue.js';

/** A catalogued error a handler throws; the router turns it into the JSON answer. */
export class ControlHttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly extra?: Record<string, unknown>,
    message?: string,
  ) {
    super(message ?? errorCatalogue[code].message);
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }

  body(): Record<string, unknown> {
    return errorBody(this.code, this.extra, this.message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  });
  res.end(payload);
}

const maxBodyBytes = 1_048_576;

/** The request body as JSON; an empty body is `undefined`. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new ControlHttpError('payload_too_large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlHttpError('invalid_json');
  }
}
