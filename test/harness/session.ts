import { randomUUID } from 'node:crypto';

export interface Session {
  email: string;
  /** `Cookie` header value holding the access and refresh cookies. */
  cookie: string;
  accessToken: string;
  refreshToken: string;
}

/** Turns `Set-Cookie` lines into a `Cookie` header, keeping only non-empty values. */
export function cookieHeader(setCookies: string[]): string {
  return setCookies
    .map((line) => line.split(';')[0])
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

export function cookieValue(setCookies: string[], name: string): string {
  const line = setCookies.find((l) => l.startsWith(`${name}=`));
  return line ? line.slice(name.length + 1).split(';')[0] : '';
}

/** Registers a fresh user through the gateway (or Auth directly) and returns its session cookies. */
export async function registerUser(baseUrl: string, prefix = '/bff/auth'): Promise<Session> {
  const email = `user-${randomUUID().slice(0, 8)}@example.com`;
  const response = await fetch(`${baseUrl}${prefix}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email, password: 'Passw0rd!strong' }),
  });
  if (response.status !== 200)
    throw new Error(`register failed: ${response.status} ${await response.text()}`);
  const setCookies = response.headers.getSetCookie();
  return {
    email,
    cookie: cookieHeader(setCookies),
    accessToken: cookieValue(setCookies, 'goalixa_access'),
    refreshToken: cookieValue(setCookies, 'goalixa_refresh'),
  };
}

/** Sandbox knobs: added latency, a failing status, or a dropped connection. */
export async function setFaults(
  serviceUrl: string,
  faults: { latencyMs?: number; failStatus?: number; paths?: string[]; mode?: 'status' | 'reset' | 'hang' },
): Promise<void> {
  await fetch(`${serviceUrl}/__sandbox/faults`, { method: 'PUT', body: JSON.stringify(faults) });
}

/** How often each `METHOD path` reached a sandbox service. */
export async function upstreamCalls(serviceUrl: string): Promise<Record<string, number>> {
  return (await (await fetch(`${serviceUrl}/__sandbox/calls`)).json()) as Record<string, number>;
}

export async function resetCalls(serviceUrl: string): Promise<void> {
  await fetch(`${serviceUrl}/__sandbox/calls`, { method: 'DELETE' });
}
