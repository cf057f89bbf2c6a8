import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  type ProxyProcess,
  type SandboxProcess,
  startControlProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';
import { startRedisServer } from './harness/redis-server.js';
import { registerUser, type Session, setFaults, upstreamCalls } from './harness/session.js';
import { sendVerbatim } from './harness/verbatim.js';

const upstreamLatencyMs = 1_500;
const shutdownTimeoutMs = 8_000;

let sandbox: SandboxProcess;
let proxy: ProxyProcess;
let session: Session;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  proxy = await startProxyProcess({
    AUTH_SERVICE_URL: sandbox.authUrl,
    APP_SERVICE_URL: sandbox.coreUrl,
    SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
    RATE_LIMIT_ENABLED: 'false',
  });
  session = await registerUser(proxy.url);
  await setFaults(sandbox.coreUrl, { latencyMs: upstreamLatencyMs, paths: ['/api/todos', '/api/labels'] });
});

afterAll(async () => {
  await proxy?.stop('SIGKILL');
  await sandbox?.stop();
});

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Everything a raw connection received until it closed. */
function transcript(socket: Socket): Promise<string> {
  let text = '';
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
  });
  return new Promise((resolve) => socket.on('close', () => resolve(text)));
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('graceful shutdown', () => {
  it('finishes every in-flight request, fails readiness while draining, and exits 0 in time', async () => {
    const headers = { cookie: session.cookie, 'content-type': 'application/json' };
    const inFlight = [
      ...[1, 2, 3].map((n) =>
        sendVerbatim(proxy.url, {
          method: 'POST',
          path: '/bff/app/todos',
          headers,
          body: `{"name":"todo ${n}"}`,
        }),
      ),
      ...[1, 2].map(() => sendVerbatim(proxy.url, { path: '/app/labels', headers })),
    ];
    // A kept-alive connection that will ask for readiness while the gateway drains.
    const probe = connect(proxy.port, '127.0.0.1');
    const probeTranscript = transcript(probe);
    probe.write(
      `POST /bff/app/todos HTTP/1.1\r\nhost: bff\r\ncookie: ${session.cookie}\r\ncontent-length: 0\r\n\r\n`,
    );
    await until(async () => {
      const calls = await upstreamCalls(sandbox.coreUrl);
      return calls['POST /api/todos'] === 4 && (calls['GET /api/labels'] ?? 0) >= 1;
    }, 'every request to reach the upstream');

    const exited = new Promise<number | null>((resolve) => proxy.child.once('exit', resolve));
    const signalledAt = performance.now();
    proxy.child.kill('SIGTERM');
    await until(() => refused(proxy.port), 'the listener to stop accepting');
    probe.write('GET /readiness HTTP/1.1\r\nhost: bff\r\n\r\n');

    const responses = await Promise.all(inFlight);
    for (const response of responses) expect(response.status, response.text).toBe(200);
    expect(await exited).toBe(0);
    expect(performance.now() - signalledAt).toBeLessThan(shutdownTimeoutMs);

    const [first, readiness] = (await probeTranscript).split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 200 /);
    expect(readiness).toMatch(/^HTTP\/1\.1 503 /);
    expect(readiness).toMatch(/connection: close/i);
    expect(readiness).toContain('"error":"not_ready"');
  });
});

describe('shutdown with stdout gone', () => {
  // A log reader that died (a crashed shipper, the bench killed mid-run) leaves every later write
  // failing with EPIPE; pino's exit-time flush retried that forever, so SIGTERM never ended the process.
  it.each([
    [
      'proxy',
      () => startProxyProcess({ AUTH_SERVICE_URL: sandbox.authUrl, APP_SERVICE_URL: sandbox.coreUrl }),
    ],
    [
      'control',
      async () => {
        // Its own Redis: pub/sub channels are not scoped per database.
        const redis = await startRedisServer();
        onTestFinished(() => redis.kill());
        return startControlProcess({ REDIS_URL: redis.url });
      },
    ],
  ])('the %s exits 0 on SIGTERM after the reader of its stdout went away', async (_name, start) => {
    const running = await start();
    const exited = new Promise<number | null>((resolve) => running.child.once('exit', resolve));
    running.child.stdout?.destroy();
    running.child.kill('SIGTERM');
    const outcome = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 6_000)),
    ]);
    if (outcome === 'still running') await running.stop('SIGKILL');
    expect(outcome).toBe(0);
  });
});
