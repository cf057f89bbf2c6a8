import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { extractToken } from './extract.js';

/** The two header views Node gives a request: the merged object and the raw name/value list. */
function request(raw: Array<[string, string]>): IncomingMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of raw) headers[name.toLowerCase()] ??= value;
  return { headers, rawHeaders: raw.flat() } as unknown as IncomingMessage;
}

const extract = (raw: Array<[string, string]>) => extractToken(request(raw), 'goalixa_access');

describe('extractToken', () => {
  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('accepts the %s scheme', (scheme) => {
    expect(extract([['Authorization', `${scheme} a.b.c`]])).toEqual({
      kind: 'token',
      token: 'a.b.c',
      from: 'bearer',
    });
  });

  it('rejects two Authorization headers, even when both carry the same token', () => {
    const source = extract([
      ['Authorization', 'Bearer a.b.c'],
      ['authorization', 'Bearer a.b.c'],
    ]);
    expect(source.kind).toBe('rejected');
  });

  it.each([
    ['Basic credentials', 'Basic dXNlcjpwYXNz'],
    ['Bearer with nothing after it', 'Bearer'],
    ['Bearer followed by spaces only', 'Bearer   '],
    ['a token with a space inside', 'Bearer a.b .c'],
    ['two tokens', 'Bearer a.b.c d.e.f'],
    ['a bare token without a scheme', 'a.b.c'],
    ['an empty header', ''],
    ['a Token scheme', 'Token a.b.c'],
  ])('rejects %s rather than ignoring it', (_name, value) => {
    expect(extract([['Authorization', value]]).kind).toBe('rejected');
  });

  it('does not fall back to a cookie when the Authorization header is rejected', () => {
    const source = extract([
      ['Authorization', 'Basic dXNlcjpwYXNz'],
      ['Cookie', 'goalixa_access=x.y.z'],
    ]);
    expect(source.kind).toBe('rejected');
  });

  it('prefers the Authorization header over a disagreeing access cookie', () => {
    const source = extract([
      ['Authorization', 'Bearer from.the.header'],
      ['Cookie', 'goalixa_access=from.the.cookie'],
    ]);
    expect(source).toEqual({ kind: 'token', token: 'from.the.header', from: 'bearer' });
  });

  it('reads the configured access cookie before the legacy access_token cookie', () => {
    const source = extract([['Cookie', 'access_token=legacy.t.k; goalixa_access=current.t.k']]);
    expect(source).toEqual({ kind: 'token', token: 'current.t.k', from: 'cookie' });
  });

  it('falls back to the legacy access_token cookie', () => {
    const source = extract([['Cookie', 'theme=dark; access_token=legacy.t.k']]);
    expect(source).toEqual({ kind: 'token', token: 'legacy.t.k', from: 'legacy_cookie' });
  });

  it('honours a renamed access cookie', () => {
    const req = request([['Cookie', 'goalixa_access=default.t.k; sid=renamed.t.k']]);
    expect(extractToken(req, 'sid')).toEqual({ kind: 'token', token: 'renamed.t.k', from: 'cookie' });
  });

  it('treats a refresh cookie alone, or an empty access cookie, as no token', () => {
    expect(extract([['Cookie', 'goalixa_refresh=r.t.k']])).toEqual({ kind: 'none' });
    expect(extract([['Cookie', 'goalixa_access=; goalixa_refresh=r.t.k']])).toEqual({ kind: 'none' });
  });

  it('finds nothing in a request without credentials', () => {
    expect(extract([['Accept', 'application/json']])).toEqual({ kind: 'none' });
  });
});
