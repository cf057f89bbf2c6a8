import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ProxyProcess,
  type SandboxProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';
import { registerUser, resetCalls, type Session, upstreamCalls } from './harness/session.js';
import { echoDate, echoHeaders, type StubUpstream, startStubUpstream } from './harness/stub-upstream.js';
import { sendVerbatim } from './harness/verbatim.js';

const maxBodyBytes = 1024;
const maxHeaderBytes = 4096;
const allowedOrigin = 'https://app.goalixa.com';

let sandbox: SandboxProcess;
/** In front of the sandbox. */
let proxy: ProxyProcess;
/** In front of a stub that echoes what it received; loopback is not a trusted proxy here. */
let echoProxy: ProxyProcess;
let echo: StubUpstream;
let session: Session;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  echo = await startStubUpstream(echoHeaders);
  const common = {
    AUTH_SERVICE_URL: sandbox.authUrl,
    MAX_BODY_BYTES: String(maxBodyBytes),
    MAX_HEADER_BYTES: String(maxHeaderBytes),
    HEADERS_TIMEOUT_MS: '1000',
    CORS_ORIGINS: allowedOrigin,
  };
  [proxy, echoProxy] = await Promise.all([
    startProxyProcess({ ...common, APP_SERVICE_URL: sandbox.coreUrl }),
    startProxyProcess({ ...common, APP_SERVICE_URL: echo.url, TRUSTED_PROXIES: '192.0.2.1' }),
  ]);
  session = await registerUser(proxy.url);
});

afterAll(async () => {
  await Promise.all([proxy?.stop(), echoProxy?.stop()]);
  await Promise.all([sandbox?.stop(), echo?.close()]);
});

async function noUpstreamCalls(): Promise<void> {
  expect(await upstreamCalls(sandbox.coreUrl)).toEqual({});
  expect(await upstreamCalls(sandbox.authUrl)).toEqual({});
}

/** What the echo stub received for one call through `echoProxy`; a POST, so no cache answers it. */
async function echoed(headers: Record<string, string>) {
  const response = await sendVerbatim(echoProxy.url, {
    method: 'POST',
    path: '/bff/app/tasks?x=1',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  });
  expect(response.status).toBe(200);
  return response as typeof response & { json: { url: string; headers: Record<string, string> } };
}

describe('path parameter validation', () => {
  beforeEach(async () => {
    await Promise.all([resetCalls(sandbox.coreUrl), resetCalls(sandbox.authUrl)]);
  });

  it.each([
    ['/bff/app/tasks/abc/start', 'invalid_path_parameter'],
    ['/app/tasks/0/start', 'invalid_path_parameter'],
    ['/bff/app/tasks/-3/start', 'invalid_path_parameter'],
    ['/bff/app/tasks/1.5/start', 'invalid_path_parameter'],
    ['/bff/app/tasks/../labels/1/delete', 'invalid_path'],
    ['/bff/app/tasks/1/../../labels/1/delete', 'invalid_path'],
    ['/bff/app/tasks/1%2F..%2F..%2Flabels/start', 'invalid_path'],
    ['/app/tasks/%2e%2e/start', 'invalid_path'],
    ['/bff/app/tasks/%2E%2E%2Flabels/start', 'invalid_path'],
  ])('POST %s answers 400 %s and reaches no upstream', async (path, code) => {
    const response = await sendVerbatim(proxy.url, {
      method: 'POST',
      path,
      headers: { cookie: session.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json).toMatchObject({ error: code });
    await noUpstreamCalls();
  });
});

describe('unknown paths and methods', () => {
  it('answers an unknown path with 404 JSON', async () => {
    const response = await sendVerbatim(proxy.url, {
      path: '/bff/app/nothing-here',
      headers: { cookie: session.cookie },
    });
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ error: 'not_found' });
  });

  it('answers a known path with the wrong method with 405 JSON and Allow', async () => {
    const response = await sendVerbatim(proxy.url, {
      method: 'DELETE',
      path: '/bff/app/tasks',
      headers: { cookie: session.cookie },
    });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, POST, HEAD');
    expect(response.json).toMatchObject({ error: 'method_not_allowed' });
  });
});

describe('size limits', () => {
  beforeEach(async () => {
    await resetCalls(sandbox.coreUrl);
  });

  it('refuses a body over MAX_BODY_BYTES declared by Content-Length with 413, before any upstream call', async () => {
    const response = await sendVerbatim(proxy.url, {
      method: 'POST',
      path: '/bff/app/tasks',
      headers: { cookie: session.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(maxBodyBytes * 4) }),
    });
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ error: 'payload_too_large' });
    expect(await upstreamCalls(sandbox.coreUrl)).toEqual({});
  });

  it('refuses a chunked body that grows over MAX_BODY_BYTES with 413', async () => {
    const response = await sendVerbatim(proxy.url, {
      method: 'POST',
      path: '/bff/app/tasks',
      headers: { cookie: session.cookie, 'content-type': 'application/json' },
      chunks: Array.from({ length: 8 }, () => Buffer.alloc(512, 'a')),
    });
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ error: 'payload_too_large' });
  });

  it('accepts a chunked body within the limit', async () => {
    const response = await sendVerbatim(proxy.url, {
      method: 'POST',
      path: '/bff/app/todos',
      headers: { cookie: session.cookie, 'content-type': 'application/json' },
      chunks: [Buffer.from('{"name":'), Buffer.from('"chunked todo"}')],
    });
    expect(response.status).toBe(200);
  });

  it('answers headers over MAX_HEADER_BYTES with 431 JSON', async () => {
    const response = await sendVerbatim(proxy.url, {
      path: '/bff/app/tasks',
      headers: { cookie: session.cookie, 'x-padding': 'p'.repeat(maxHeaderBytes * 2) },
    });
    expect(response.status).toBe(431);
    expect(response.json).toMatchObject({ error: 'header_too_large' });
    expect(response.json).toMatchObject({ request_id: response.headers['x-request-id'] });
  });
});

describe('slow clients', () => {
  it('answers a client that never finishes its headers with 408 JSON and closes', async () => {
    const socket = connect(proxy.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write('GET /bff/app/tasks HTTP/1.1\r\nhost: bff\r\nx-slow: ');
    await closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received).toContain('"error":"request_timeout"');
  });
});

describe('CORS', () => {
  it('answers a preflight locally, without an upstream call', async () => {
    await resetCalls(sandbox.coreUrl);
    const response = await sendVerbatim(proxy.url, {
      method: 'OPTIONS',
      path: '/bff/app/tasks',
      headers: {
        origin: allowedOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(allowedOrigin);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    expect(response.headers['access-control-allow-methods']).toContain('POST');
    expect(await upstreamCalls(sandbox.coreUrl)).toEqual({});
  });

  it('puts CORS headers on a 401 for an allowed origin, and none for another origin', async () => {
    const allowed = await sendVerbatim(proxy.url, {
      path: '/bff/app/tasks',
      headers: { origin: allowedOrigin },
    });
    expect(allowed.status).toBe(401);
    expect(allowed.headers['access-control-allow-origin']).toBe(allowedOrigin);
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const foreign = await sendVerbatim(proxy.url, {
      path: '/bff/app/tasks',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(401);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('what reaches the upstream', () => {
  it('propagates a client X-Request-ID upstream and returns it', async () => {
    const response = await echoed({ cookie: session.cookie, 'x-request-id': 'client-req-0001' });
    expect(response.headers['x-request-id']).toBe('client-req-0001');
    expect(response.json.headers['x-request-id']).toBe('client-req-0001');
  });

  it('generates an X-Request-ID when the client sent none, the same upstream and back', async () => {
    const response = await echoed({ cookie: session.cookie });
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json.headers['x-request-id']).toBe(id);
  });

  it('returns an X-Request-ID on gateway errors too', async () => {
    const response = await sendVerbatim(proxy.url, { path: '/nowhere' });
    expect(response.headers['x-request-id']).toBeTruthy();
    expect(response.json).toMatchObject({ request_id: response.headers['x-request-id'] });
  });

  it('replaces forwarding headers spoofed by an untrusted peer', async () => {
    const { json } = await echoed({
      cookie: session.cookie,
      'x-forwarded-for': '6.6.6.6',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
      'x-real-ip': '6.6.6.6',
    });
    expect(json.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(json.headers['x-forwarded-proto']).toBe('http');
    expect(json.headers['x-forwarded-host']).toBe(new URL(echoProxy.url).host);
    expect(json.headers['x-real-ip']).toBeUndefined();
  });

  it('sets Host to the upstream and keeps the query string', async () => {
    const { json } = await echoed({ cookie: session.cookie });
    expect(json.headers.host).toBe(new URL(echo.url).host);
    expect(json.url).toBe('/api/tasks?x=1');
  });

  it('answers with its own Date and without the upstream Server banner', async () => {
    const { headers } = await echoed({ cookie: session.cookie });
    expect(headers.server).toBeUndefined();
    expect(headers.date).toBeDefined();
    expect(headers.date).not.toBe(echoDate);
    expect(Math.abs(Date.parse(String(headers.date)) - Date.now())).toBeLessThan(60_000);
  });

  it('never lets a client-sent X-User-Id through', async () => {
    const { json } = await echoed({ cookie: session.cookie, 'x-user-id': '999999' });
    expect(json.headers['x-user-id']).not.toBe('999999');
  });

  it('sends only the auth cookies upstream', async () => {
    const { json } = await echoed({ cookie: `tracking=abc; ${session.cookie}; session=flask-state` });
    const names = json.headers.cookie.split(';').map((pair) => pair.trim().split('=')[0]);
    expect(names.sort()).toEqual(['goalixa_access', 'goalixa_refresh']);
    expect(json.headers.cookie).toContain(`goalixa_access=${session.accessToken}`);
  });

  it('presents a bearer token upstream as the access cookie, without the Authorization header', async () => {
    const { json } = await echoed({ authorization: `Bearer ${session.accessToken}` });
    expect(json.headers.cookie).toBe(`goalixa_access=${session.accessToken}`);
    expect(json.headers.authorization).toBeUndefined();
  });

  it('drops hop-by-hop headers and those Connection names', async () => {
    const { json } = await echoed({
      cookie: session.cookie,
      connection: 'keep-alive, x-hop',
      'x-hop': 'secret',
      'proxy-authorization': 'Basic abc',
    });
    expect(json.headers['x-hop']).toBeUndefined();
    expect(json.headers['proxy-authorization']).toBeUndefined();
  });
});
