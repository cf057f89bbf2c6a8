import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { testSecret } from './processes.js';

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface MintOptions {
  secret?: string;
  alg?: 'HS256' | 'HS384' | 'HS512';
  /** Claims merged over a valid access token's claims; `undefined` removes a claim. */
  claims?: Record<string, unknown>;
}

/** Claims as Auth issues them for an access token (CONTRACT §2.3). */
export function accessClaims(userId = '42'): Record<string, unknown> {
  const iat = nowSeconds();
  return { sub: userId, email: `user${userId}@example.com`, type: 'access', iat, exp: iat + 900 };
}

function withOverrides(overrides: Record<string, unknown> | undefined) {
  const sub = overrides?.sub;
  const claims = { ...accessClaims(typeof sub === 'string' ? sub : undefined), ...overrides };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return claims;
}

/** A properly signed JWT through jose, as Auth would produce it (or with the given deviations). */
export function mintToken(options: MintOptions = {}): Promise<string> {
  return new SignJWT(withOverrides(options.claims))
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(options.secret ?? testSecret));
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT assembled by hand, for shapes jose refuses to produce: any header (`alg: none`, RS256
 * with an HMAC signature), any claim type. The signature is HMAC-SHA256 over the usual input.
 */
export function craftToken(
  header: Record<string, unknown>,
  claims: Record<string, unknown> | undefined,
  secret: string | null = testSecret,
): string {
  const input = `${base64url(header)}.${base64url(withOverrides(claims))}`;
  const signature = secret === null ? '' : createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${signature}`;
}

/** Keeps a valid token's header and signature but replaces its claims (e.g. another `sub`). */
export function swapClaims(token: string, claims: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url(withOverrides(claims))}.${signature}`;
}

/** Changes one character in the middle of the signature (where every bit is significant). */
export function tamperSignature(token: string): string {
  const [header, payload, signature] = token.split('.');
  const i = Math.floor(signature.length / 2);
  const flipped = signature[i] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, i)}${flipped}${signature.slice(i + 1)}`;
}
