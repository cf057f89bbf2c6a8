import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient } from '../cli/client/control-client.js';
import { Dashboard } from '../cli/dashboard/app.js';
import type { BreakersResponse, PodsResponse } from '../shared/control-api/index.js';
import type { PolicyDocument } from '../shared/policy/schema.js';
import { cacheKeys } from '../shared/redis/keys.js';
import type { CliWorld } from './harness/cli.js';
import { startCliWorld } from './harness/cli.js';
import { eventually } from './harness/eventually.js';
import { spawnNode, testAdminToken } from './harness/processes.js';

const podName = 'dash-pod-a';
const downArrow = '\u001b[B';
let world: CliWorld;

beforeAll(async () => {
  world = await startCliWorld(11, podName);
  await eventually(async () => (await world.admin<PodsResponse>('/v1/pods')).pods.length === 1, 10_000);
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

/** Renders the dashboard against this suite's control, polling fast so the test need not wait. */
function renderDashboard() {
  const client = new ControlClient({ controlUrl: world.control.url, token: testAdminToken });
  const view = render(<Dashboard client={client} refreshMs={200} />);
  const frame = () => stripVTControlCharacters(view.lastFrame() ?? '');
  const showing = (pattern: RegExp) =>
    eventually(async () => pattern.test(frame()), 10_000).catch(() => {
      throw new Error(`the dashboard never showed ${pattern}; last frame:\n${frame()}`);
    });
  return { ...view, frame, showing };
}

describe('goalixa-bff dashboard', () => {
  it('renders the breakers of every service on the live pod, traffic and pods', async () => {
    const view = renderDashboard();
    await view.showing(/app_service\s+CLOSED/);
    expect(view.frame()).toMatch(/connected · 1 pod · policy v\d+/);
    expect(view.frame()).toMatch(/› auth_service\s+CLOSED\s+forced: -\s+dash-pod-a CLOSED/);
    expect(view.frame()).toMatch(/req\/s\s+[\d.]+ /);
    expect(view.frame()).toMatch(/p50 \S+ {2}p99 \S+ {2}hit \S+ {2}429\/s/);
    expect(view.frame()).toContain(`PODS (1)\n${podName}  127.0.0.1:${world.pod.port}  beat`);
    // ink-testing-library's terminal is 100 columns wide; nothing may wrap past it.
    for (const line of view.frame().split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    view.unmount();
  });

  it('forces the selected breaker open after o and y, and the pod follows', async () => {
    const view = renderDashboard();
    await view.showing(/app_service\s+CLOSED/);
    view.stdin.write(downArrow);
    await view.showing(/› app_service/);
    view.stdin.write('o');
    await view.showing(/Force app_service OPEN on every pod\? \(y\/n\)/);
    expect((await world.admin<PolicyDocument>('/v1/policy')).breakers.app_service.forced).toBeNull();
    view.stdin.write('y');
    await view.showing(/app_service: forced OPEN until changed \(policy v\d+\)/);
    expect((await world.admin<PolicyDocument>('/v1/policy')).breakers.app_service.forced).toBe('OPEN');
    await view.showing(/app_service\s+OPEN\s+forced: OPEN until changed\s+dash-pod-a OPEN/);

    view.stdin.write('r');
    await view.showing(/Clear app_service's forced state/);
    view.stdin.write('n');
    await view.showing(/↑\/↓ select/);
    expect((await world.admin<BreakersResponse>('/v1/breakers')).services.app_service.policy.forced).toBe(
      'OPEN',
    );
    view.stdin.write('r');
    await view.showing(/Clear app_service's forced state/);
    view.stdin.write('y');
    await view.showing(/app_service: reset on every pod/);
    expect((await world.admin<PolicyDocument>('/v1/policy')).breakers.app_service.forced).toBeNull();
    view.unmount();
  });

  it("invalidates a user's cache from the i prompt", async () => {
    await world.redis.set(cacheKeys.entry('dash-9', 0, 'tasks'), '{}');
    const view = renderDashboard();
    await view.showing(/app_service/);
    view.stdin.write('i');
    await view.showing(/Invalidate the cache of user: ▏/);
    view.stdin.write('dash-9');
    await view.showing(/Invalidate the cache of user: dash-9▏/);
    view.stdin.write('\r');
    await view.showing(/Invalidated 1 cache entry of user dash-9/);
    expect(await world.redis.exists(cacheKeys.entry('dash-9', 0, 'tasks'))).toBe(0);
    view.unmount();
  });

  it('keeps the last data on screen marked disconnected when control stops, and reconnects when it returns', async () => {
    const view = renderDashboard();
    await view.showing(/connected · 1 pod /);
    await world.control.stop();
    await view.showing(/disconnected, retrying/);
    expect(view.frame()).toMatch(/Cannot reach control at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
    expect(view.frame()).toContain('app_service');

    const revived = await spawnNode(
      'control/main.js',
      {
        CONTROL_ADMIN_TOKEN: testAdminToken,
        CONTROL_HOST: '127.0.0.1',
        CONTROL_PORT: String(world.control.port),
        REDIS_URL: world.redisUrl,
      },
      (out) => out.includes('control listening'),
    );
    try {
      await view.showing(/· connected · 1 pod /);
      expect(view.frame()).not.toContain('Cannot reach control');
    } finally {
      view.unmount();
      await revived.stop();
    }
  });
});
