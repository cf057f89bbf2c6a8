import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ProxyProcess,
  type SandboxProcess,
  startProxyProcess,
  startSandboxProcess,
} from './harness/processes.js';
import { registerUser } from './harness/session.js';

let sandbox: SandboxProcess;
let proxy: ProxyProcess;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  proxy = await startProxyProcess({ AUTH_SERVICE_URL: sandbox.authUrl, APP_SERVICE_URL: sandbox.coreUrl });
});

afterAll(async () => {
  await proxy?.stop();
  await sandbox?.stop();
});

describe('gateway smoke', () => {
  it('registers a user through the gateway and reads their tasks with the session cookies', async () => {
    const session = await registerUser(proxy.url);
    const response = await fetch(`${proxy.url}/bff/app/tasks`, { headers: { cookie: session.cookie } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ tasks: [], done_today_tasks: [], completed_tasks: [] });
  });
});
