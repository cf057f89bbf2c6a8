import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../bench/free-port.js';
import {
  type ProxyProcess,
  type SandboxProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';
import { registerUser, type Session, setFaults } from './harness/session.js';
import { type StubHandler, type StubUpstream, startStubUpstream } from './harness/stub-upstream.js';
import { headerLines, sendVerbatim } from './harness/verbatim.js';

const upstreamTimeoutMs = 400;
/** Auth's cookies as Flask writes them: `Expires` holds a comma, so they must never be joined. */
const authCookies = [
  'goalixa_access=access-token-value; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly; Path=/; SameSite=Lax',
  'goalixa_refresh=refresh-token-value; Expires=Wed, 28 Oct 2026 07:28:00 GMT; HttpOnly; Path=/; SameSite=Lax',
];

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Core stand-in: each path fails in its own way. */
const coreStub: StubHandler = (req, res, seen) => {
  const route = `${req.method} ${req.url}`;
  if (route === 'GET /api/tasks' && seen === 0) req.socket.destroy();
  else if (route === 'GET /api/tasks') json(res, 200, { tasks: [] });
  else if (route === 'GET /api/labels' || route === 'POST /api/tasks') req.socket.destroy();
  else if (route === 'GET /api/projects') {
    res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>500 Internal Server Error</title><h1>Internal Server Error</h1>');
  } else if (route === 'GET /api/goals') json(res, 503, { error: 'busy' });
  else json(res, 404, { error: 'not found' });
};

const authStub: StubHandler = (_req, res) => {
  const body = JSON.stringify({ success: true, user: { email: 'a@example.com' } });
  res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': authCookies });
  res.end(body);
};

let sandbox: SandboxProcess;
let core: StubUpstream;
let auth: StubUpstream;
let sandboxProxy: ProxyProcess;
let stubProxy: ProxyProcess;
let downProxy: ProxyProcess;
let session: Session;

beforeAll(async () => {
  [sandbox, core, auth] = await Promise.all([
    startSandboxProcess(),
    startStubUpstream(coreStub),
    startStubUpstream(authStub),
  ]);
  // A breaker must not step in: these tests are about single calls and their retries.
  const common = { UPSTREAM_TIMEOUT_MS: String(upstreamTimeoutMs), BREAKER_FAILURE_THRESHOLD: '1000' };
  [sandboxProxy, stubProxy, downProxy] = await Promise.all([
    startProxyProcess({ ...common, AUTH_SERVICE_URL: sandbox.authUrl, APP_SERVICE_URL: sandbox.coreUrl }),
    startProxyProcess({ ...common, AUTH_SERVICE_URL: auth.url, APP_SERVICE_URL: core.url }),
    startProxyProcess({
      ...common,
      AUTH_SERVICE_URL: sandbox.authUrl,
      APP_SERVICE_URL: `http://127.0.0.1:${await freePort()}`,
    }),
  ]);
  session = await registerUser(sandboxProxy.url);
});

afterEach(async () => {
  await setFaults(sandbox.coreUrl, {});
});

afterAll(async () => {
  await Promise.all([sandboxProxy?.stop(), stubProxy?.stop(), downProxy?.stop()]);
  await Promise.all([sandbox?.stop(), core?.close(), auth?.close()]);
});

const callsTo = (stub: StubUpstream, method: string, url: string) =>
  stub.received.filter((r) => r.method === method && r.url === url).length;

function call(proxy: ProxyProcess, method: string, path: string) {
  return sendVerbatim(proxy.url, {
    method,
    path,
    headers: { cookie: session.cookie, 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : '{"name":"x"}',
  });
}

describe('upstream faults', () => {
  it('answers 502 JSON when the upstream refuses connections', async () => {
    const response = await call(downProxy, 'GET', '/bff/app/tasks');
    expect(response.status).toBe(502);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json).toMatchObject({ error: 'upstream_unavailable', service: 'app_service' });
  });

  it('answers 504 JSON when the upstream is slower than UPSTREAM_TIMEOUT_MS', async () => {
    await setFaults(sandbox.coreUrl, { latencyMs: upstreamTimeoutMs * 5, paths: ['/api/labels'] });
    const response = await call(sandboxProxy, 'GET', '/bff/app/labels');
    expect(response.status).toBe(504);
    expect(response.json).toMatchObject({ error: 'upstream_timeout' });
  });

  it('answers 504 JSON for a slow non-idempotent call too', async () => {
    await setFaults(sandbox.coreUrl, { latencyMs: upstreamTimeoutMs * 5, paths: ['/api/todos'] });
    const response = await call(sandboxProxy, 'POST', '/bff/app/todos');
    expect(response.status).toBe(504);
    expect(response.json).toMatchObject({ error: 'upstream_timeout' });
  });

  it('turns an upstream HTML error page into a JSON upstream_error envelope', async () => {
    const response = await call(stubProxy, 'GET', '/bff/app/projects');
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json).toMatchObject({ error: 'upstream_error', status: 500 });
    expect(response.text).not.toContain('<h1>');
  });

  it('passes an upstream JSON error through with its status and body', async () => {
    const response = await call(stubProxy, 'GET', '/bff/app/goals');
    expect(response.status).toBe(503);
    expect(response.json).toEqual({ error: 'busy' });
  });

  it('passes every Set-Cookie line from Auth to the client as its own header, unchanged', async () => {
    const response = await sendVerbatim(stubProxy.url, {
      method: 'POST',
      path: '/bff/auth/login',
      headers: { 'content-type': 'application/json' },
      body: '{"email":"a@example.com","password":"whatever"}',
    });
    expect(response.status).toBe(200);
    expect(headerLines(response.rawHeaders, 'set-cookie')).toEqual(authCookies);
  });
});

describe('retries', () => {
  it('retries an idempotent GET once when the connection is reset, and succeeds', async () => {
    const response = await call(stubProxy, 'GET', '/bff/app/tasks');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ tasks: [] });
    expect(callsTo(core, 'GET', '/api/tasks')).toBe(2);
  });

  it('retries a GET at most once when every attempt is reset', async () => {
    const response = await call(stubProxy, 'GET', '/bff/app/labels');
    expect(response.status).toBe(502);
    expect(response.json).toMatchObject({ error: 'upstream_unavailable' });
    expect(callsTo(core, 'GET', '/api/labels')).toBe(2);
  });

  it('never retries a POST', async () => {
    const response = await call(stubProxy, 'POST', '/bff/app/tasks');
    expect(response.status).toBe(502);
    expect(response.json).toMatchObject({ error: 'upstream_unavailable' });
    expect(callsTo(core, 'POST', '/api/tasks')).toBe(1);
  });
});
