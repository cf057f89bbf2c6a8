import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FaultSettings, faultApplies, noFaults, parseFaults } from './faults.js';
import { parseCookies, type Router, readJsonBody, send } from './router.js';

/** A running sandbox service: its URL, what it was asked, and knobs for tests. */
export interface SandboxService {
  readonly server: Server;
  readonly url: string;
  /** Requests received per `METHOD path`, for tests that assert an upstream was (not) called. */
  readonly calls: Map<string, number>;
  faults: FaultSettings;
  close(): Promise<void>;
}

const notFound = { status: 404, body: { error: 'not found' } };
const notAllowed = { status: 405, body: { error: 'method not allowed' } };

/**
 * Serves a router with the sandbox-only endpoints every service has:
 * `GET /__sandbox/calls` (and `DELETE` to reset), `PUT /__sandbox/faults`.
 */
export async function startService(
  router: Router,
  port: number,
  initialFaults = noFaults,
): Promise<SandboxService> {
  const calls = new Map<string, number>();
  const service: SandboxService = {
    server: createServer(),
    url: '',
    calls,
    faults: initialFaults,
    close: () =>
      new Promise((resolve) => {
        service.server.closeAllConnections();
        service.server.close(() => resolve());
      }),
  };

  service.server.on('request', async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const body = await readJsonBody(req);
    if (url.pathname.startsWith('/__sandbox/')) {
      send(res, sandboxEndpoint(service, method, url.pathname, body));
      return;
    }
    const key = `${method} ${url.pathname}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);

    const faults = service.faults;
    if (faultApplies(faults, url.pathname)) {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      if (faults.mode === 'hang') return;
      if (faults.mode === 'reset') {
        req.socket.destroy();
        return;
      }
      if (faults.failStatus > 0) {
        send(res, { status: faults.failStatus, body: { error: 'sandbox_fault', status: faults.failStatus } });
        return;
      }
    }

    const found = router.match(method, url.pathname);
    if (!found.handler) {
      send(res, found.methodMismatch ? notAllowed : notFound);
      return;
    }
    try {
      const response = await found.handler({
        method,
        path: url.pathname,
        query: url.searchParams,
        params: found.params,
        headers: req.headers,
        cookies: parseCookies(req.headers.cookie),
        body,
        remoteAddress: req.socket.remoteAddress ?? '',
      });
      send(res, response);
    } catch {
      send(res, { status: 500, body: { error: 'internal server error' } });
    }
  });

  await new Promise<void>((resolve) => service.server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = service.server.address() as AddressInfo;
  (service as { url: string }).url = `http://127.0.0.1:${bound}`;
  return service;
}

function sandboxEndpoint(
  service: SandboxService,
  method: string,
  path: string,
  body: Record<string, unknown>,
) {
  if (path === '/__sandbox/calls' && method === 'GET')
    return { status: 200, body: Object.fromEntries(service.calls) };
  if (path === '/__sandbox/calls' && method === 'DELETE') {
    service.calls.clear();
    return { status: 204 };
  }
  if (path === '/__sandbox/faults' && method === 'PUT') {
    service.faults = parseFaults(body);
    return { status: 200, body: service.faults };
  }
  return notFound;
}
