import { SignJWT } from 'jose';
import type { HttpTarget } from './load/http1.js';
import type { ServerProcess } from './processes.js';
import type { Scenario } from './scenarios.js';
import { benchSecret } from './servers.js';

/** The request a scenario sends: the bench user's token as the session cookie where it needs one. */
export function scenarioTarget(scenario: Scenario, server: ServerProcess, token: string): HttpTarget {
  return {
    url: `${server.url}${scenario.path}`,
    method: scenario.method,
    headers: {
      accept: 'application/json',
      ...(scenario.body ? { 'content-type': 'application/json' } : {}),
      ...(scenario.authenticated ? { cookie: `goalixa_access=${token}` } : {}),
    },
    body: scenario.body,
  };
}

/** The bench user: a valid access token, as Auth would issue it, for user 900001. */
export function benchAccessToken(): Promise<string> {
  return new SignJWT({ type: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('900001')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(benchSecret));
}
