import type { IncomingMessage } from 'node:http';
import { readCookie } from '../http/cookies.js';

export type TokenSource =
  | { kind: 'none' }
  | { kind: 'token'; token: string; from: 'bearer' | 'cookie' | 'legacy_cookie' }
  | { kind: 'rejected'; why: string };

const bearer = /^bearer +([^\s]+)$/i;

/**
 * Finds the access token: `Authorization: Bearer` first (exactly one header, nothing else in it),
 * then the access cookie, then the legacy `access_token` cookie. When a header and a cookie
 * disagree the header wins: it is what the caller chose to send for this request.
 */
export function extractToken(req: IncomingMessage, accessCookieName: string): TokenSource {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    // Node keeps only the first of repeated Authorization headers; count the raw ones.
    if (countRawHeader(req.rawHeaders, 'authorization') > 1)
      return { kind: 'rejected', why: 'several Authorization headers' };
    const match = bearer.exec(authorization);
    if (!match) return { kind: 'rejected', why: 'Authorization is not a single Bearer token' };
    return { kind: 'token', token: match[1], from: 'bearer' };
  }
  const cookieHeader = req.headers.cookie;
  const cookie = readCookie(cookieHeader, accessCookieName);
  if (cookie) return { kind: 'token', token: cookie, from: 'cookie' };
  const legacy = readCookie(cookieHeader, 'access_token');
  if (legacy) return { kind: 'token', token: legacy, from: 'legacy_cookie' };
  return { kind: 'none' };
}

function countRawHeader(raw: string[], lowerName: string): number {
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length === lowerName.length && raw[i].toLowerCase() === lowerName) count++;
  }
  return count;
}
