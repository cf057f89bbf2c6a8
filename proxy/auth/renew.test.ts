import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mintToken, nowSeconds } from '../../test/harness/tokens.js';
import { UpstreamService } from '../forward/upstream.js';
import { SessionRenewer } from './renew.js';

const renewedCookie = 'goalixa_access=new.access.token; Max-Age=900; HttpOnly; Path=/; SameSite=Lax';
const clearingCookies = [
  'goalixa_access=; Max-Age=0; HttpOnly; Path=/; SameSite=Lax',
  'goalixa_refresh=; Max-Age=0; HttpOnly; Path=/; SameSite=Lax',
];

/** Auth `/me` as seen by a refresh cookie: either a renewed session or nobody. */
let answer: { body: unknown; setCookies: string[]; delayMs?: number };
let seen: IncomingHttpHeaders[];
let server: Server;
let auth: UpstreamService;

beforeEach(async () => {
  seen = [];
  answer = { body: { authenticated: true, user: { id: 7, email: 'a@b.c' } }, setCookies: [renewedCookie] };
  server = createServer((req, res) => {
    seen.push(req.headers);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': answer.setCookies });
      res.end(JSON.stringify(answer.body));
    }, answer.delayMs ?? 0);
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
  await auth.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const renewer = () => new SessionRenewer(auth, 'goalixa_access', 'goalixa_refresh');
const refreshToken = (claims: Record<string, unknown> = {}) =>
  mintToken({
    claims: { type: 'refresh', jti: randomUUID(), email: undefined, exp: nowSeconds() + 86_400, ...claims },
  });

describe('SessionRenewer', () => {
  it('presents only the refresh cookie and returns the access token Auth re-issued', async () => {
    const token = await refreshToken();
    const renewal = await renewer().renew(token, 'r');
    expect(renewal).toEqual({
      kind: 'renewed',
      userId: '7',
      accessToken: 'new.access.token',
      setCookies: [renewedCookie],
    });
    expect(seen[0].cookie).toBe(`goalixa_refresh=${token}`);
  });

  it('asks Auth once for concurrent renewals of one session, and reuses the answer right after', async () => {
    answer.delayMs = 100;
    const sessions = renewer();
    const token = await refreshToken();
    const renewals = await Promise.all(Array.from({ length: 10 }, () => sessions.renew(token, 'r')));
    await sessions.renew(token, 'r');
    expect(renewals.every((renewal) => renewal.kind === 'renewed')).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it("passes Auth's clearing cookies on when the session is over", async () => {
    answer = { body: { authenticated: false, user: null }, setCookies: clearingCookies };
    expect(await renewer().renew(await refreshToken(), 'r')).toEqual({
      kind: 'rejected',
      setCookies: clearingCookies,
    });
  });

  it('is rejected when Auth says authenticated but issues no access cookie', async () => {
    answer = { body: { authenticated: true, user: { id: 7 } }, setCookies: [] };
    expect((await renewer().renew(await refreshToken(), 'r')).kind).toBe('rejected');
  });

  it.each([
    ['garbage', async () => 'garbage'],
    ['an expired refresh token', () => refreshToken({ exp: nowSeconds() - 10 })],
    ['an access token in the refresh cookie', () => refreshToken({ type: 'access' })],
    ['a refresh token without jti', () => refreshToken({ jti: undefined })],
    ['a refresh token without sub', () => refreshToken({ sub: undefined })],
    [
      'a token without a signature',
      async () => `${(await refreshToken()).split('.').slice(0, 2).join('.')}.`,
    ],
  ])('refuses %s without calling Auth', async (_name, make) => {
    expect(await renewer().renew(await make(), 'r')).toEqual({ kind: 'rejected', setCookies: [] });
    expect(seen).toHaveLength(0);
  });

  it('accepts a refresh token signed with a key the gateway lacks: only Auth can tell', async () => {
    const foreign = await mintToken({
      secret: 'a-key-only-auth-holds-0123456789abcdef',
      claims: { type: 'refresh', jti: randomUUID(), exp: nowSeconds() + 86_400 },
    });
    expect((await renewer().renew(foreign, 'r')).kind).toBe('renewed');
    expect(seen).toHaveLength(1);
  });
});
