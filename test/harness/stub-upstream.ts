import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface StubUpstream {
  url: string;
  /** Every request the stub saw, in arrival order. */
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export type StubHandler = (req: IncomingMessage, res: ServerResponse, seen: number) => void;

/**
 * A tiny real upstream on a free loopback port. `seen` counts earlier requests with the same
 * method and path, so a handler can fail the first attempt and answer the retry.
 */
export async function startStubUpstream(handler: StubHandler): Promise<StubUpstream> {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const seen = received.filter((r) => r.method === req.method && r.url === req.url).length;
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    handler(req, res, seen);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** When the echo stub says it answered, so a test can tell its `Date` from the gateway's. */
export const echoDate = 'Thu, 01 Jan 2026 00:00:00 GMT';

/**
 * Answers with the request headers as JSON: what the gateway sent upstream. Like gunicorn, it
 * names its software in `Server`, and it dates its answers `echoDate`.
 */
export const echoHeaders: StubHandler = (req, res) => {
  const body = JSON.stringify({ method: req.method, url: req.url, headers: req.headers });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    server: 'gunicorn',
    date: echoDate,
  });
  res.end(body);
};
