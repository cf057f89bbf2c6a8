import { fetchBuffered, parseJson, setCookiesOf } from '../forward/fetch.js';
import type { UpstreamService } from '../forward/upstream.js';

export type AuthMeAnswer =
  | { kind: 'authenticated'; userId: string; setCookies: string[] }
  | { kind: 'anonymous'; setCookies: string[] }
  | { kind: 'unavailable' };

/**
 * Asks Auth `GET {prefix}/me` who the presented cookies belong to. Auth answers 200 even for
 * nobody, so only `authenticated: true` with a user id counts (CONTRACT §9 S1).
 */
export async function askAuthMe(
  auth: UpstreamService,
  cookie: string,
  requestId: string,
): Promise<AuthMeAnswer> {
  try {
    const response = await fetchBuffered(auth, {
      method: 'GET',
      path: auth.path('/me', ''),
      headers: { host: auth.host, cookie, accept: 'application/json', 'x-request-id': requestId },
    });
    if (response.status >= 500) return { kind: 'unavailable' };
    const setCookies = setCookiesOf(response.headers);
    const body = parseJson(response) as
      | { authenticated?: unknown; user?: { id?: unknown } | null }
      | undefined;
    const id = body?.user?.id;
    if (
      response.status === 200 &&
      body?.authenticated === true &&
      (typeof id === 'number' || typeof id === 'string')
    ) {
      const userId = String(id);
      if (/^[1-9][0-9]{0,15}$/.test(userId)) return { kind: 'authenticated', userId, setCookies };
    }
    return { kind: 'anonymous', setCookies };
  } catch {
    return { kind: 'unavailable' };
  }
}
