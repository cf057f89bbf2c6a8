import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ProxyProcess,
  type SandboxProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';
import { registerUser, type Session } from './harness/session.js';
import { type StubUpstream, startStubUpstream } from './harness/stub-upstream.js';

/** Core stand-in that never answers `/api/habits`: only the gateway can end that call. */
let hanging: Promise<unknown>[] = [];
let sandbox: SandboxProcess;
let core: StubUpstream;
let proxy: ProxyProcess;
let session: Session;

beforeAll(async () => {
  [sandbox, core] = await Promise.all([
    startSandboxProcess(),
    startStubUpstream((req) => {
      hanging.push(once(req.socket, 'close'));
    }),
  ]);
  // An upstream timeout far beyond the test's own: the call may only end because the client left.
  proxy = await startProxyProcess({
    AUTH_SERVICE_URL: sandbox.authUrl,
    APP_SERVICE_URL: core.url,
    UPSTREAM_TIMEOUT_MS: '60000',
    // Straight through the forwarder: no cache read in between.
    CACHE_ENABLED: 'false',
  });
  session = await registerUser(proxy.url);
});

afterAll(async () => {
  await proxy?.stop();
  await Promise.all([sandbox?.stop(), core?.close()]);
});

describe('a client that goes away', () => {
  it('stops the upstream call it was waiting for, long before the upstream timeout', async () => {
    hanging = [];
    const { port } = new URL(proxy.url);
    const client = connect(Number(port), '127.0.0.1');
    await once(client, 'connect');
    client.write(`GET /bff/app/habits HTTP/1.1\r\nHost: app\r\nCookie: ${session.cookie}\r\n\r\n`);
    while (hanging.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    client.destroy();
    await hanging[0];
    expect(core.received.filter((r) => r.url === '/api/habits')).toHaveLength(1);
  });

  it('breaks off the upstream call mid-upload without counting it against the upstream', async () => {
    const { port } = new URL(proxy.url);
    const client = connect(Number(port), '127.0.0.1');
    await once(client, 'connect');
    client.write(
      `POST /bff/app/tasks HTTP/1.1\r\nHost: app\r\nCookie: ${session.cookie}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":"half',
    );
    while (!core.received.some((r) => r.url === '/api/tasks')) await new Promise((r) => setTimeout(r, 10));
    client.destroy();
    // The upstream's socket closes mid-body: its parser fails, which is the call being broken off.
    await hanging.at(-1)?.catch(() => undefined);
    const status = await fetch(`${proxy.url}/health/circuit-breaker/status`);
    const breakers = (await status.json()) as Record<
      string,
      { failures: number; last_failure: string | null }
    >;
    expect(breakers.app_service).toMatchObject({ failures: 0, last_failure: null });
  });
});
