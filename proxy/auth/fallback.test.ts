import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../bench/free-port.js';
import { UpstreamService } from '../forward/upstream.js';
import { AuthFallback } from './fallback.js';

/** A stand-in for Auth `/me`: answers what the test says, records what it was sent. */
interface AuthStub {
  answer: { status: number; body: unknown; delayMs?: number };
  seen: IncomingHttpHeaders[];
}

let server: Server;
let auth: UpstreamService;
let stub: AuthStub;

beforeEach(async () => {
  stub = { answer: { status: 200, body: { authenticated: true, user: { id: 7 } } }, seen: [] };
  server = createServer((req, res) => {
    stub.seen.push(req.headers);
    const { status, body, delayMs = 0 } = stub.answer;
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  auth = new UpstreamService(
    'auth_service',
    { url: `http://127.0.0.1:${port}`, prefix: '/api' },
    { connections: 4, connectTimeoutMs: 1_000, timeoutMs: 2_000 },
  );
});

afterEach(async () => {
  vi.useRealTimers();
  await auth.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const claims = (userId = '7', expiresAt = inAnHour()) => ({ userId, expiresAt });

describe('AuthFallback', () => {
  it('presents the token to Auth as the access cookie and accepts authenticated:true for the same user', async () => {
    const fallback = new AuthFallback(auth, 'goalixa_access');
    const token = claims();
    expect(await fallback.verify('a.b.c', token, 'req-1')).toEqual({ kind: 'valid', token });
    expect(stub.seen[0].cookie).toBe('goalixa_access=a.b.c');
    expect(stub.seen[0].authorization).toBeUndefined();
  });

  it.each([
    ['authenticated:false', { authenticated: false, user: null }],
    ['authenticated:true without a user id', { authenticated: true, user: {} }],
    ['authenticated as a string', { authenticated: 'true', user: { id: 7 } }],
    ['another user than the token names', { authenticated: true, user: { id: 8 } }],
    ['a body that is not JSON', 'ok'],
  ])('rejects %s', async (_name, body) => {
    stub.answer = { status: 200, body };
    expect((await new AuthFallback(auth, 'goalixa_access').verify('a.b.c', claims(), 'r')).kind).toBe(
      'rejected',
    );
  });

  it('coalesces concurrent checks of one token into one call', async () => {
    stub.answer = { ...stub.answer, delayMs: 100 };
    const fallback = new AuthFallback(auth, 'goalixa_access');
    const verdicts = await Promise.all(
      Array.from({ length: 10 }, () => fallback.verify('a.b.c', claims(), 'r')),
    );
    expect(verdicts.every((verdict) => verdict.kind === 'valid')).toBe(true);
    expect(stub.seen).toHaveLength(1);
  });

  it('remembers a positive answer for 60 s, then asks again', async () => {
    const fallback = new AuthFallback(auth, 'goalixa_access');
    await fallback.verify('a.b.c', claims(), 'r');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 59_000);
    await fallback.verify('a.b.c', claims(), 'r');
    expect(stub.seen).toHaveLength(1);
    vi.setSystemTime(Date.now() + 2_000);
    await fallback.verify('a.b.c', claims(), 'r');
    expect(stub.seen).toHaveLength(2);
  });

  it('never remembers a positive answer past the token exp', async () => {
    const fallback = new AuthFallback(auth, 'goalixa_access');
    const soon = claims('7', Math.floor(Date.now() / 1000) + 5);
    await fallback.verify('a.b.c', soon, 'r');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 6_000);
    await fallback.verify('a.b.c', soon, 'r');
    expect(stub.seen).toHaveLength(2);
  });

  it('remembers a refusal for 10 s', async () => {
    stub.answer = { status: 200, body: { authenticated: false, user: null } };
    const fallback = new AuthFallback(auth, 'goalixa_access');
    await fallback.verify('a.b.c', claims(), 'r');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 9_000);
    await fallback.verify('a.b.c', claims(), 'r');
    expect(stub.seen).toHaveLength(1);
    vi.setSystemTime(Date.now() + 2_000);
    await fallback.verify('a.b.c', claims(), 'r');
    expect(stub.seen).toHaveLength(2);
  });

  it('reports a 5xx as unavailable and does not remember it', async () => {
    stub.answer = { status: 503, body: { error: 'down' } };
    const fallback = new AuthFallback(auth, 'goalixa_access');
    expect((await fallback.verify('a.b.c', claims(), 'r')).kind).toBe('unavailable');
    stub.answer = { status: 200, body: { authenticated: true, user: { id: 7 } } };
    expect((await fallback.verify('a.b.c', claims(), 'r')).kind).toBe('valid');
  });

  it('reports an unreachable Auth as unavailable', async () => {
    const nobody = new UpstreamService(
      'auth_service',
      { url: `http://127.0.0.1:${await freePort()}`, prefix: '/api' },
      { connections: 1, connectTimeoutMs: 1_000, timeoutMs: 2_000 },
    );
    try {
      expect((await new AuthFallback(nobody, 'goalixa_access').verify('a.b.c', claims(), 'r')).kind).toBe(
        'unavailable',
      );
    } finally {
      await nobody.close();
    }
  });
});
