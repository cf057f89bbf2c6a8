import { expect } from 'vitest';
import { type SandboxService, startService } from '../http/service.js';
import { type SandboxOptions, sandboxOptionsFromEnv } from '../options.js';
import { createAuthRouter } from './index.js';

/** A sandbox Auth service per test and a small cookie-aware client for it. */
export const baseOptions: SandboxOptions = sandboxOptionsFromEnv({
  AUTH_JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
  SANDBOX_EXPOSE_TOKENS: '1',
  SANDBOX_SEED_USER: '0',
});

export const password = 'Secret-pass-1!';
let running: SandboxService | undefined;

/** Stops the service the last `start` began; each test file calls it after every test. */
export async function stopRunning(): Promise<void> {
  await running?.close();
  running = undefined;
}

/** The limiter switch is read when the router is created, so set it only around that. */
export async function start(
  overrides: Partial<SandboxOptions> = {},
  rateLimitEnv?: string,
): Promise<SandboxService> {
  const saved = process.env.SANDBOX_AUTH_RATE_LIMIT;
  if (rateLimitEnv === undefined) delete process.env.SANDBOX_AUTH_RATE_LIMIT;
  else process.env.SANDBOX_AUTH_RATE_LIMIT = rateLimitEnv;
  try {
    running = await startService(await createAuthRouter({ ...baseOptions, ...overrides }), 0);
  } finally {
    if (saved === undefined) delete process.env.SANDBOX_AUTH_RATE_LIMIT;
    else process.env.SANDBOX_AUTH_RATE_LIMIT = saved;
  }
  return running;
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  setCookies: string[];
  /** name → value of the cookies set (not cleared) by the reply. */
  cookies: Record<string, string>;
}

export async function call(
  method: string,
  url: string,
  options: { body?: unknown; cookies?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  const cookieHeader = Object.entries(options.cookies ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  if (cookieHeader) headers.cookie = cookieHeader;
  const res = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const setCookies = res.headers.getSetCookie();
  const cookies: Record<string, string> = {};
  for (const line of setCookies) {
    const [pair] = line.split(';');
    const [name, value] = pair.split('=');
    if (value) cookies[name] = value;
  }
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, setCookies, cookies };
}

export const post = (url: string, body: unknown = {}, cookies?: Record<string, string>) =>
  call('POST', url, { body, cookies });
export const get = (url: string, cookies?: Record<string, string>) => call('GET', url, { cookies });

export async function registered(service: SandboxService, email = 'ada@example.com'): Promise<Reply> {
  const reply = await post(`${service.url}/api/register`, { email, password });
  expect(reply.status).toBe(200);
  return reply;
}
