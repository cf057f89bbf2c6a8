import { describe, expect, it, vi } from 'vitest';
import { testSecret } from '../../test/harness/processes.js';
import { craftToken, mintToken, nowSeconds, swapClaims, tamperSignature } from '../../test/harness/tokens.js';
import { LocalVerifier } from './verify.js';

const previousSecret = 'the-previous-secret-of-the-gateway-0123456789';
const unknownSecret = 'a-secret-only-the-auth-service-knows-0123456789';

const verifier = (cacheEntries?: number) =>
  new LocalVerifier({ secret: testSecret, previousSecret, clockToleranceS: 30, cacheEntries });

describe('LocalVerifier accepts', () => {
  it('an HS256 access token signed with the current secret, naming sub as the user id', async () => {
    const verdict = await verifier().verify(await mintToken({ claims: { sub: '42' } }));
    expect(verdict).toEqual({ kind: 'valid', token: { userId: '42', expiresAt: expect.any(Number) } });
  });

  it('a token signed with the previous secret, so rotation logs nobody out', async () => {
    const verdict = await verifier().verify(await mintToken({ secret: previousSecret }));
    expect(verdict.kind).toBe('valid');
  });

  it('a token expired by less than the clock tolerance', async () => {
    const verdict = await verifier().verify(await mintToken({ claims: { exp: nowSeconds() - 10 } }));
    expect(verdict.kind).toBe('valid');
  });

  it('a token without iat or nbf (only exp, sub and type are required)', async () => {
    const verdict = await verifier().verify(await mintToken({ claims: { iat: undefined } }));
    expect(verdict.kind).toBe('valid');
  });
});

describe('LocalVerifier rejects without asking anyone', () => {
  const now = nowSeconds();
  const invalid: Array<[string, () => Promise<string> | string]> = [
    ['alg none', () => craftToken({ alg: 'none', typ: 'JWT' }, {}, null)],
    ['alg none with a signature', () => craftToken({ alg: 'none', typ: 'JWT' }, {})],
    ['HS384 signed with the right secret', () => mintToken({ alg: 'HS384' })],
    ['HS512 signed with the right secret', () => mintToken({ alg: 'HS512' })],
    ['RS256 header with an HMAC signature', () => craftToken({ alg: 'RS256', typ: 'JWT' }, {})],
    ['ES256 header', () => craftToken({ alg: 'ES256', typ: 'JWT' }, {})],
    ['exp as a string', () => craftToken({ alg: 'HS256' }, { exp: String(now + 900) })],
    ['no exp', () => mintToken({ claims: { exp: undefined } })],
    ['exp in the year 3000', () => mintToken({ claims: { exp: 32_503_680_000 } })],
    ['nbf in the future', () => mintToken({ claims: { nbf: now + 3600 } })],
    ['nbf as a string', () => craftToken({ alg: 'HS256' }, { nbf: String(now) })],
    ['iat in the future', () => mintToken({ claims: { iat: now + 3600 } })],
    ['type refresh', () => mintToken({ claims: { type: 'refresh' } })],
    ['no type', () => mintToken({ claims: { type: undefined } })],
    ['no sub', () => mintToken({ claims: { sub: undefined } })],
    ['sub that is not an integer', () => mintToken({ claims: { sub: 'admin' } })],
    ['sub as a number', () => mintToken({ claims: { sub: 42 } })],
    ['three dots of nothing', () => '..'],
    ['not a JWT at all', () => 'garbage'],
    [
      'a payload that is not JSON',
      () => `${craftToken({ alg: 'HS256' }, {}).split('.')[0]}.bm90IGpzb24.c2ln`,
    ],
    ['a token over 4 KB', () => mintToken({ claims: { pad: 'x'.repeat(5000) } })],
    ['an unknown critical header', () => craftToken({ alg: 'HS256', crit: ['exp-v2'], 'exp-v2': 1 }, {})],
  ];

  it.each(invalid)('%s', async (_name, make) => {
    const verdict = await verifier().verify(await make());
    expect(verdict.kind).toBe('invalid');
  });

  it('a payload changed after signing, as invalid (the altered sub proves nothing)', async () => {
    // The signature matches neither key, so only Auth could vouch for it; it must not be valid.
    const forged = swapClaims(await mintToken({ claims: { sub: '42' } }), { sub: '1' });
    const verdict = await verifier().verify(forged);
    expect(verdict.kind).not.toBe('valid');
  });

  it('an expired token as expired, not invalid (so the client is told to log in again)', async () => {
    const verdict = await verifier().verify(await mintToken({ claims: { exp: nowSeconds() - 120 } }));
    expect(verdict).toEqual({ kind: 'expired' });
  });
});

describe('LocalVerifier leaves to Auth only what Auth can decide', () => {
  it('a well-formed access token signed with a key the gateway lacks is unknown_signature', async () => {
    const verdict = await verifier().verify(await mintToken({ secret: unknownSecret, claims: { sub: '7' } }));
    expect(verdict).toEqual({
      kind: 'unknown_signature',
      claims: { userId: '7', expiresAt: expect.any(Number) },
    });
  });

  it('a tampered signature is unknown_signature, not valid', async () => {
    const verdict = await verifier().verify(tamperSignature(await mintToken()));
    expect(verdict.kind).toBe('unknown_signature');
  });

  it('an expired token with an unknown signature is expired, never a fallback', async () => {
    const token = await mintToken({ secret: unknownSecret, claims: { exp: nowSeconds() - 120 } });
    expect(await verifier().verify(token)).toEqual({ kind: 'expired' });
  });

  it('a refresh token with an unknown signature is invalid, never a fallback', async () => {
    const token = await mintToken({ secret: unknownSecret, claims: { type: 'refresh' } });
    expect((await verifier().verify(token)).kind).toBe('invalid');
  });
});

describe('LocalVerifier remembers verified tokens', () => {
  it('peek knows a token only after it has been verified', async () => {
    const local = verifier();
    const token = await mintToken({ claims: { sub: '9' } });
    expect(local.peek(token)).toBeUndefined();
    await local.verify(token);
    expect(local.peek(token)?.userId).toBe('9');
  });

  it("never takes a remembered token's signature as proof for another payload", async () => {
    const local = verifier();
    const token = await mintToken({ claims: { sub: '9' } });
    await local.verify(token);
    const forged = swapClaims(token, { sub: '10' });
    expect(local.peek(forged)).toBeUndefined();
    expect((await local.verify(forged)).kind).not.toBe('valid');
    expect(local.peek(token)?.userId).toBe('9');
  });

  it('never remembers a rejected or unknown-signature token', async () => {
    const local = verifier();
    const unknown = await mintToken({ secret: unknownSecret });
    const refresh = await mintToken({ claims: { type: 'refresh' } });
    await local.verify(unknown);
    await local.verify(refresh);
    expect(local.peek(unknown)).toBeUndefined();
    expect(local.peek(refresh)).toBeUndefined();
  });

  it('forgets a remembered token once it is past exp plus the tolerance, not later', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const local = verifier();
      const token = await mintToken({ claims: { exp: nowSeconds() - 20 } });
      expect((await local.verify(token)).kind).toBe('valid');
      vi.setSystemTime(Date.now() + 15_000);
      expect(local.peek(token)).toBeUndefined();
      expect(await local.verify(token)).toEqual({ kind: 'expired' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps at most cacheEntries tokens, dropping the oldest', async () => {
    const local = verifier(2);
    const tokens = await Promise.all(['1', '2', '3'].map((sub) => mintToken({ claims: { sub } })));
    for (const token of tokens) await local.verify(token);
    expect(tokens.map((token) => local.peek(token)?.userId)).toEqual([undefined, '2', '3']);
  });
});
