import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayWithSandbox, type ProxyProcess, startGatewayWithSandbox } from './harness/processes.js';
import { registerUser } from './harness/session.js';

let gateway: GatewayWithSandbox;
let proxy: ProxyProcess;

beforeAll(async () => {
  gateway = await startGatewayWithSandbox();
  ({ proxy } = gateway);
});

afterAll(() => gateway?.stop());

describe('gateway smoke', () => {
  it('registers a user through the gateway and reads their tasks with the session cookies', async () => {
    const session = await registerUser(proxy.url);
    const response = await fetch(`${proxy.url}/bff/app/tasks`, { headers: { cookie: session.cookie } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ tasks: [], done_today_tasks: [], completed_tasks: [] });
  });
});
