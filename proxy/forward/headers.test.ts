import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  clientResponseHeaders,
  privateAnswerHeaders,
  type UpstreamRequestContext,
  upstreamRequestHeaders,
} from './headers.js';

const context = (overrides: Partial<UpstreamRequestContext> = {}): UpstreamRequestContext => ({
  requestId: 'req-1',
  forwardedFor: '203.0.113.9, 127.0.0.1',
  proto: 'https',
  host: 'app.goalixa.com',
  accessCookieName: 'goalixa_access',
  refreshCookieName: 'goalixa_refresh',
  identity: {},
  passEncoding: true,
  ...overrides,
});

const browserHeaders: IncomingHttpHeaders = {
  host: 'app.goalixa.com',
  accept: 'application/json',
  'accept-encoding': 'gzip, br',
  'content-type': 'application/json',
  'user-agent': 'pwa',
  connection: 'keep-alive, x-secret-hop',
  'x-secret-hop': 'hop',
  'keep-alive': 'timeout=5',
  te: 'trailers',
  trailer: 'x-checksum',
  'transfer-encoding': 'chunked',
  upgrade: 'websocket',
  'proxy-authorization': 'Basic abc',
  'proxy-connection': 'keep-alive',
  authorization: 'Bearer client-token',
  cookie: 'goalixa_access=old; goalixa_refresh=r1; tracking=abc; session=flask',
  'x-user-id': '1',
  'x-user-email': 'admin@example.com',
  'x-forwarded-for': '6.6.6.6',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'gopher',
  'x-real-ip': '6.6.6.6',
  'x-request-id': 'client-chosen',
  'content-length': '12',
};

describe('upstreamRequestHeaders', () => {
  const headers = upstreamRequestHeaders(browserHeaders, context());

  it('drops hop-by-hop headers and whatever Connection names', () => {
    for (const name of [
      'connection',
      'x-secret-hop',
      'keep-alive',
      'te',
      'trailer',
      'transfer-encoding',
      'upgrade',
      'proxy-authorization',
      'proxy-connection',
    ])
      expect(headers, name).not.toHaveProperty(name);
  });

  it('passes end-to-end content negotiation headers through', () => {
    expect(headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': 'pwa',
      'accept-encoding': 'gzip, br',
    });
  });

  it('withholds Accept-Encoding when the gateway must read the answer', () => {
    expect(upstreamRequestHeaders(browserHeaders, context({ passEncoding: false }))).not.toHaveProperty(
      'accept-encoding',
    );
  });

  it('writes its own forwarding and request-id headers, and leaves Host to the upstream pool', () => {
    expect(headers).not.toHaveProperty('host');
    expect(headers).toMatchObject({
      'x-request-id': 'req-1',
      'x-forwarded-for': '203.0.113.9, 127.0.0.1',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'app.goalixa.com',
    });
    expect(headers).not.toHaveProperty('x-real-ip');
  });

  it('omits X-Forwarded-Host when the client sent no Host', () => {
    expect(upstreamRequestHeaders({}, context({ host: undefined }))).not.toHaveProperty('x-forwarded-host');
  });

  it('never forwards client-sent identity headers or Authorization', () => {
    expect(headers).not.toHaveProperty('x-user-id');
    expect(headers).not.toHaveProperty('x-user-email');
    expect(headers).not.toHaveProperty('authorization');
  });

  it('sends only the auth cookies, rebuilt from the verified identity', () => {
    const verified = upstreamRequestHeaders(
      browserHeaders,
      context({ identity: { accessToken: 'verified', refreshToken: 'r1', userId: '42' } }),
    );
    expect(verified.cookie).toBe('goalixa_access=verified; goalixa_refresh=r1');
    expect(verified['x-user-id']).toBe('42');
    expect(headers).not.toHaveProperty('cookie');
  });

  it('forwards Content-Length only as the gateway states it', () => {
    expect(headers).not.toHaveProperty('content-length');
    expect(upstreamRequestHeaders(browserHeaders, context({ contentLength: '12' }))['content-length']).toBe(
      '12',
    );
  });
});

describe('clientResponseHeaders', () => {
  it('keeps each Set-Cookie line separate and unchanged', () => {
    const lines = [
      'goalixa_access=a; Path=/; HttpOnly; SameSite=Lax',
      'goalixa_refresh=b; Path=/; HttpOnly; Max-Age=604800',
    ];
    expect(clientResponseHeaders({ 'set-cookie': lines })['set-cookie']).toEqual(lines);
  });

  it('withholds what the gateway decides itself on a private answer, and copies the rest', () => {
    const upstream = { 'cache-control': 'public, max-age=600', vary: 'Accept', etag: '"v1"' };
    expect(clientResponseHeaders(upstream, privateAnswerHeaders)).toEqual({ etag: '"v1"' });
    expect(clientResponseHeaders(upstream)).toEqual(upstream);
  });

  it('drops hop-by-hop headers, those Connection names, and what the gateway writes itself', () => {
    const headers = clientResponseHeaders({
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'retry-after': '3',
      connection: 'keep-alive, X-Upstream-Hop',
      'x-upstream-hop': '1',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      'proxy-authenticate': 'Basic',
      trailer: 'x-checksum',
      upgrade: 'h2c',
      'x-request-id': 'upstream-id',
      date: 'Thu, 01 Jan 2026 00:00:00 GMT',
      server: 'gunicorn',
    });
    expect(headers).toEqual({
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'retry-after': '3',
    });
  });
});
