import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type ClientHttp2Session, connect, constants, type IncomingHttpHeaders } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './harness/eventually.js';
import {
  type ProxyProcess,
  type SandboxProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';
import { cookieHeader, setFaults } from './harness/session.js';
import { echoHeaders, startStubUpstream } from './harness/stub-upstream.js';

interface H2Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on an HTTP/2 session, answered in full. */
function h2(
  session: ClientHttp2Session,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<H2Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request(
      { ':method': options.method ?? 'GET', ':path': path, accept: 'application/json', ...options.headers },
      { endStream: options.body === undefined },
    );
    let headers: IncomingHttpHeaders = {};
    let body = '';
    stream.setEncoding('utf8');
    stream.on('response', (received) => {
      headers = received;
    });
    stream.on('data', (chunk: string) => {
      body += chunk;
    });
    stream.on('end', () => resolve({ status: Number(headers[':status']), headers, body }));
    stream.on('error', reject);
    if (options.body !== undefined) stream.end(options.body);
  });
}

/** A session that has the server's SETTINGS: its limits bind from then on (RFC 9113 §6.5.3). */
function opened(url: string): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = connect(url, { rejectUnauthorized: false });
    session.once('remoteSettings', () => resolve(session));
    session.once('error', reject);
  });
}

function closed(session: ClientHttp2Session): Promise<void> {
  return new Promise((resolve) => {
    if (session.destroyed) resolve();
    else session.once('close', () => resolve());
  });
}

async function register(session: ClientHttp2Session): Promise<{ setCookies: string[]; cookie: string }> {
  const answer = await h2(session, '/bff/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `h2-${Date.now()}-${Math.random()}@example.com`,
      password: 'Passw0rd!strong',
    }),
  });
  expect(answer.status).toBe(200);
  const raw = answer.headers['set-cookie'];
  const setCookies = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return { setCookies, cookie: cookieHeader(setCookies) };
}

let sandbox: SandboxProcess;
let h2cProxy: ProxyProcess;
let tlsProxy: ProxyProcess;
let tlsUrl: string;
let certDir: string;

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'bff-h2-'));
  // node:crypto cannot issue X.509 certificates; openssl can.
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'].concat([
      '-keyout',
      join(certDir, 'key.pem'),
      '-out',
      join(certDir, 'cert.pem'),
    ]),
    { stdio: 'ignore' },
  );
  sandbox = await startSandboxProcess();
  const upstreams = { AUTH_SERVICE_URL: sandbox.authUrl, APP_SERVICE_URL: sandbox.coreUrl };
  [h2cProxy, tlsProxy] = await Promise.all([
    // Fewer resets than streams may be open at once (128), so the guard, not node's refusal of a
    // burst beyond that, is what ends a flood here, on every node version.
    startProxyProcess({ ...upstreams, HTTP2_CLEARTEXT: 'true', HTTP2_MAX_RESETS_PER_10S: '100' }),
    startProxyProcess({
      ...upstreams,
      TLS_CERT_FILE: join(certDir, 'cert.pem'),
      TLS_KEY_FILE: join(certDir, 'key.pem'),
    }),
  ]);
  tlsUrl = tlsProxy.url.replace('http:', 'https:');
}, 30_000);

afterAll(async () => {
  await h2cProxy?.stop();
  await tlsProxy?.stop();
  await sandbox?.stop();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

describe('HTTP/2 over cleartext (h2c, prior knowledge)', () => {
  it('serves every route class: local health, public auth with cookies, protected app route, 401 and 404 JSON', async () => {
    const session = await opened(h2cProxy.url);
    try {
      const health = await h2(session, '/health');
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({ status: 'healthy' });

      const { setCookies, cookie } = await register(session);
      expect(setCookies.length).toBeGreaterThanOrEqual(2);
      expect(setCookies.some((line) => line.startsWith('goalixa_access='))).toBe(true);
      expect(setCookies.some((line) => line.startsWith('goalixa_refresh='))).toBe(true);

      const tasks = await h2(session, '/bff/app/tasks', { headers: { cookie } });
      expect(tasks.status).toBe(200);
      expect(JSON.parse(tasks.body)).toEqual({ tasks: [], done_today_tasks: [], completed_tasks: [] });
      expect(tasks.headers['x-request-id']).toEqual(expect.any(String));

      const anonymous = await h2(session, '/bff/app/tasks');
      expect(anonymous.status).toBe(401);
      expect(JSON.parse(anonymous.body)).toMatchObject({ error: 'unauthorized' });

      const missing = await h2(session, '/bff/nowhere');
      expect(missing.status).toBe(404);
      expect(JSON.parse(missing.body)).toMatchObject({ error: 'not_found' });
    } finally {
      session.close();
    }
  });

  it("tells the upstream the host the client asked for: HTTP/2's :authority, as X-Forwarded-Host", async () => {
    const echo = await startStubUpstream(echoHeaders);
    const proxy = await startProxyProcess({
      AUTH_SERVICE_URL: sandbox.authUrl,
      APP_SERVICE_URL: echo.url,
      HTTP2_CLEARTEXT: 'true',
    });
    const session = await opened(proxy.url);
    try {
      const { cookie } = await register(session);
      const answer = await h2(session, '/bff/app/tasks', {
        method: 'POST',
        headers: { cookie, ':authority': 'app.goalixa.test', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(answer.status).toBe(200);
      const seen = JSON.parse(answer.body) as { headers: Record<string, string> };
      expect(seen.headers['x-forwarded-host']).toBe('app.goalixa.test');
      expect(seen.headers.host).toBe(new URL(echo.url).host);
    } finally {
      session.close();
      await proxy.stop();
      await echo.close();
    }
  });

  it('answers 100 multiplexed concurrent streams on one session', async () => {
    const session = await opened(h2cProxy.url);
    try {
      const { cookie } = await register(session);
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => h2(session, '/bff/app/tasks', { headers: { cookie } })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200));
    } finally {
      session.close();
    }
  });

  it('closes a session that floods cancelled streams and keeps serving everyone else', async () => {
    const setup = await opened(h2cProxy.url);
    const { cookie } = await register(setup);
    setup.close();

    // A slow upstream, so each cancel arrives while the proxy is still working on the stream.
    await setFaults(sandbox.coreUrl, { latencyMs: 200, paths: ['/api/tasks'] });
    const flood = await opened(h2cProxy.url);
    flood.on('error', () => undefined);
    let goawayCode: number | undefined;
    flood.once('goaway', (code: number) => {
      goawayCode = code;
    });
    let sent = 0;
    while (sent < 1000 && !flood.closed && !flood.destroyed) {
      const stream = flood.request({ ':path': '/bff/app/tasks', cookie });
      stream.on('error', () => undefined);
      stream.close(constants.NGHTTP2_CANCEL);
      sent += 1;
      // Let the server's frames in now and then, so its GOAWAY can stop the loop.
      if (sent % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await closed(flood);
    await setFaults(sandbox.coreUrl, {});
    expect(goawayCode).toBe(constants.NGHTTP2_ENHANCE_YOUR_CALM);
    expect(h2cProxy.child.exitCode).toBeNull();

    const after = await opened(h2cProxy.url);
    try {
      expect((await h2(after, '/bff/app/tasks', { headers: { cookie } })).status).toBe(200);
    } finally {
      after.close();
    }
    // A cancelled stream is a client gone mid-answer (its upstream call is stopped), not a 200.
    const cancelled = () => h2cProxy.output().split('"route":"/app/tasks","status":499').length - 1;
    // The log is written asynchronously, access lines in batches; give them a bounded moment.
    const logged = async () => h2cProxy.output().includes('too many cancelled streams') && cancelled() > 100;
    await eventually(logged, 5_000).catch(() => undefined);
    expect(h2cProxy.output()).toContain('too many cancelled streams');
    expect(cancelled()).toBeGreaterThan(100);
  });

  it('refuses a header list larger than MAX_HEADER_BYTES by resetting the stream', async () => {
    const session = await opened(h2cProxy.url);
    try {
      const refused = await h2(session, '/health', { headers: { 'x-padding': 'a'.repeat(20_000) } }).then(
        () => undefined,
        (error: NodeJS.ErrnoException) => error.code,
      );
      expect(refused).toBe('ERR_HTTP2_STREAM_ERROR');
      expect((await h2(session, '/health')).status).toBe(200);
    } finally {
      session.close();
    }
  });

  it('still serves HTTP/1.1 on the same port', async () => {
    const response = await fetch(`${h2cProxy.url}/health`);
    expect(response.status).toBe(200);
  });
});

describe('HTTP/2 over TLS', () => {
  it('negotiates h2 by ALPN and serves the app with cookies', async () => {
    const session = await opened(tlsUrl);
    try {
      expect(session.alpnProtocol).toBe('h2');
      const { cookie } = await register(session);
      const tasks = await h2(session, '/bff/app/tasks', { headers: { cookie } });
      expect(tasks.status).toBe(200);
    } finally {
      session.close();
    }
  });

  it('falls back to HTTP/1.1 for a client that offers only http/1.1', async () => {
    const { status, version } = await new Promise<{ status: number; version: string }>((resolve, reject) => {
      const req = httpsRequest(`${tlsUrl}/health`, { rejectUnauthorized: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, version: res.httpVersion }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(version).toBe('1.1');
  });

  it('drains on SIGTERM: an open session gets GOAWAY and the process exits 0', async () => {
    const session = await opened(tlsUrl);
    const goaway = new Promise<void>((resolve) => session.once('goaway', () => resolve()));
    session.on('error', () => undefined);
    expect((await h2(session, '/health')).status).toBe(200);
    const exit = tlsProxy.stop('SIGTERM');
    await goaway;
    expect(await exit).toBe(0);
    await closed(session);
  });
});
