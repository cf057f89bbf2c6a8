import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../bench/free-port.js';
import {
  type BreakersResponse,
  breakersResponseSchema,
  metricsSummaryResponseSchema,
  type PodsResponse,
  podsResponseSchema,
} from '../shared/control-api/index.js';
import { type PolicyDocument, policyDocumentSchema } from '../shared/policy/schema.js';
import { cacheKeys } from '../shared/redis/keys.js';
import { type CliResult, type CliWorld, runCli, startCliWorld } from './harness/cli.js';
import { eventually } from './harness/eventually.js';

const podName = 'cli-pod-a';
let world: CliWorld;

/** An error answer: nothing on stdout, one sentence (plus field lines) on stderr, no stack trace. */
function expectFailure(result: CliResult, code: number, sentence: RegExp) {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')[0]).toMatch(sentence);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  world = await startCliWorld(13, podName);
  await eventually(async () => (await world.admin<PodsResponse>('/v1/pods')).pods.length === 1, 10_000);
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

describe('goalixa-bff pods', () => {
  it('lists the live pod with its heartbeat age and policy version, and the same as JSON', async () => {
    const table = await world.cli(['pods']);
    expect(table.code).toBe(0);
    const [header, row] = table.stdout.trim().split('\n');
    expect(header).toMatch(/^POD\s+ADDRESS\s+VERSION\s+UP\s+HEARTBEAT\s+POLICY\s+REDIS\s+BREAKERS$/);
    expect(row).toMatch(
      new RegExp(`^${podName}\\s+127\\.0\\.0\\.1:${world.pod.port}\\s+.*\\d+(ms|s) ago\\s+v0\\s+up\\s+-$`),
    );

    const json = await world.cli(['pods', '--json']);
    expect(podsResponseSchema.parse(JSON.parse(json.stdout)).pods.map((pod) => pod.podId)).toEqual([podName]);
  });
});

describe('goalixa-bff breakers', () => {
  it('shows each service with its cluster state and the state on the pod, uncoloured when piped', async () => {
    const result = await world.cli(['breakers']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SERVICE\s+CLUSTER\s+POD\s+STATE\s+FAILURES\s+LAST FAILURE\s+FORCED$/);
    for (const service of ['auth_service', 'app_service']) {
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^${service}\\s+CLOSED\\s+${podName}\\s+CLOSED\\s+0\\s+-\\s+-$`)),
      );
    }
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('forces a breaker open with a TTL on every pod, shows it, and reset clears it', async () => {
    const opened = await world.cli(['breakers', 'open', 'app_service', '--ttl', '10m']);
    expect(opened.code).toBe(0);
    expect(opened.stdout).toMatch(
      /^app_service: forced OPEN for (9m 5\ds|10m) on every pod \(policy v\d+\)\n$/,
    );
    const policy = await world.admin<PolicyDocument>('/v1/policy');
    const left = Date.parse(policy.breakers.app_service.forcedUntil!) - Date.now();
    expect(left).toBeGreaterThan(540_000);
    expect(left).toBeLessThanOrEqual(600_000);

    await eventually(async () => {
      const view = (await world.admin<BreakersResponse>('/v1/breakers')).services.app_service;
      return view.pods[0]?.state === 'OPEN';
    }, 10_000);
    const table = await world.cli(['breakers']);
    expect(table.stdout).toMatch(/app_service\s+OPEN\s+cli-pod-a\s+OPEN\s+\d+\s+\S+\s+OPEN for \d+m/);

    const json = breakersResponseSchema.parse(JSON.parse((await world.cli(['breakers', '--json'])).stdout));
    expect(json.services.app_service.policy.forced).toBe('OPEN');

    const reset = await world.cli(['breakers', 'reset', 'app_service', '--json']);
    expect(reset.code).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({
      service: 'app_service',
      action: 'reset',
      breaker: { forced: null },
    });
    await eventually(async () => {
      const view = (await world.admin<BreakersResponse>('/v1/breakers')).services.app_service;
      return view.pods[0]?.state === 'CLOSED';
    }, 10_000);
  });

  it('forces a breaker closed until changed', async () => {
    const closed = await world.cli(['breakers', 'close', 'auth_service']);
    expect(closed.stdout).toMatch(/^auth_service: forced CLOSED until changed on every pod/);
    expect((await world.admin<PolicyDocument>('/v1/policy')).breakers.auth_service).toMatchObject({
      forced: 'CLOSED',
      forcedUntil: null,
    });
    expect((await world.cli(['breakers', 'reset', 'auth_service'])).code).toBe(0);
  });
});

describe('goalixa-bff cache invalidate', () => {
  it("says how many of a user's entries went, and how many matched a pattern", async () => {
    await world.redis.set(cacheKeys.entry('cli-7', 0, 'tasks'), '{}');
    await world.redis.set(cacheKeys.entry('cli-7', 0, 'goals'), '{}');
    await world.redis.set(cacheKeys.entry('cli-8', 0, 'tasks'), '{}');

    const byUser = await world.cli(['cache', 'invalidate', '--user', 'cli-7']);
    expect(byUser).toMatchObject({ code: 0, stdout: 'Invalidated 2 cache entries of user cli-7.\n' });
    const byPattern = await world.cli(['cache', 'invalidate', '--pattern', '*cli-8*', '--json']);
    expect(JSON.parse(byPattern.stdout)).toEqual({ deleted: 1 });
  });

  it('wants exactly one of --user and --pattern', async () => {
    const neither = await world.cli(['cache', 'invalidate']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('Exactly one of the following must be provided: --pattern, --user');
  });
});

describe('goalixa-bff policy', () => {
  it('prints the live policy, and as JSON a document policy set --file accepts', async () => {
    const text = await world.cli(['policy', 'get']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^# version \d+, updated \S+ by cli:/);
    expect(JSON.parse(text.stdout.slice(text.stdout.indexOf('\n')))).toHaveProperty('rateLimits.default');
    const json = policyDocumentSchema.parse(
      JSON.parse((await world.cli(['policy', 'get', '--json'])).stdout),
    );
    expect(json.version).toBeGreaterThan(0);
  });

  it('applies assignments as a merge patch, shows the diff and the new version, and the pod applies it', async () => {
    const before = await world.admin<PolicyDocument>('/v1/policy');
    const result = await world.cli(['policy', 'set', 'rateLimits.default.limit=200', 'cacheTtls.tasks=30']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        '+ cacheTtls.tasks: 30',
        '~ rateLimits.default.limit: 100 → 200',
        `Policy version ${before.version + 1} (was ${before.version}).`,
        '',
      ].join('\n'),
    );
    const after = await world.admin<PolicyDocument>('/v1/policy');
    expect(after.rateLimits.default.limit).toBe(200);
    expect(after.updatedBy).toMatch(/^cli:/);
    await eventually(
      async () => (await world.admin<PodsResponse>('/v1/pods')).pods[0]?.policyVersion === after.version,
      10_000,
    );
  });

  it('puts a whole document from a file; null in an assignment restores a default', async () => {
    const reverted = await world.cli([
      'policy',
      'set',
      'cacheTtls.tasks=null',
      'rateLimits.default=null',
      '--json',
    ]);
    expect(JSON.parse(reverted.stdout).changes).toEqual([
      { path: 'cacheTtls.tasks', before: 30 },
      { path: 'rateLimits.default.limit', before: 200, after: 100 },
    ]);
    const file = `${await mkdtemp(`${tmpdir()}/cli-policy-`)}/policy.json`;
    await writeFile(file, JSON.stringify({ rateLimits: { default: { limit: 150, periodSeconds: 60 } } }));
    const put = await world.cli(['policy', 'set', '--file', file]);
    expect(put.code).toBe(0);
    expect(put.stdout).toContain('~ rateLimits.default.limit: 100 → 150');
  });

  it('names each invalid field with its reason, exits 1 and changes nothing', async () => {
    const before = await world.admin<PolicyDocument>('/v1/policy');
    const result = await world.cli(['policy', 'set', 'rateLimits.default.limit=0', 'cacheTtls.bogus=1']);
    expectFailure(result, 1, /^Control rejected the input and changed nothing; 2 invalid fields:$/);
    expect(result.stderr).toContain('  rateLimits.default.limit: Too small');
    expect(result.stderr).toContain('  cacheTtls.bogus: unknown field');
    expect((await world.admin<PolicyDocument>('/v1/policy')).version).toBe(before.version);
  });
});

describe('goalixa-bff metrics tail', () => {
  it('prints one line per interval with the cluster totals, or one JSON object per line', async () => {
    for (let i = 0; i < 5; i++) await fetch(`${world.pod.url}/bff/app/tasks`);
    const lines = await world.cli(['metrics', 'tail', '--count', '2', '--interval', '1s']);
    expect(lines.code).toBe(0);
    const printed = lines.stdout.trim().split('\n');
    expect(printed).toHaveLength(2);
    for (const line of printed) {
      expect(line).toMatch(
        /^\d\d:\d\d:\d\d {2}pods 1 {2}req\/s [\d.]+ {2}p50 \S+ {2}p99 \S+ {2}4xx\/s [\d.]+ {2}5xx\/s [\d.]+ {2}hit \S+ {2}429\/s [\d.]+ {2}breakers all CLOSED$/,
      );
    }
    const json = await world.cli(['metrics', 'tail', '--count', '1', '--json']);
    expect(metricsSummaryResponseSchema.parse(JSON.parse(json.stdout)).total.pods).toBe(1);
  });
});

describe('goalixa-bff errors', () => {
  it('explains an unreachable control in one sentence and exits 3', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await runCli(['breakers'], { GOALIXA_BFF_CONTROL_URL: url, GOALIXA_BFF_TOKEN: 'x' });
    expectFailure(
      result,
      3,
      new RegExp(`^Cannot reach control at ${url} \\(connection refused\\); is it running`),
    );
  });

  it('explains a wrong or missing token (401) and exits 4', async () => {
    const [wrong, missing] = await Promise.all([
      world.cli(['pods', '--token', 'not-the-admin-token']),
      world.cli(['policy', 'get'], { GOALIXA_BFF_TOKEN: '' }),
    ]);
    expectFailure(wrong, 4, /^Control rejected the admin token \(401\); check --token or GOALIXA_BFF_TOKEN/);
    expectFailure(
      missing,
      4,
      /^Control needs an admin token \(401\); pass --token or set GOALIXA_BFF_TOKEN\.$/,
    );
  });

  it('names an unknown service with the known ones and exits 5', async () => {
    const result = await world.cli(['breakers', 'open', 'billing_service']);
    expectFailure(
      result,
      5,
      /^Control knows no service "billing_service"; the services are auth_service, app_service\.$/,
    );
  });

  it('refuses a TTL that is not a duration before calling control, exit 1', async () => {
    const result = await world.cli(['breakers', 'open', 'app_service', '--ttl', 'soon']);
    expectFailure(result, 1, /^--ttl "soon" is not a duration; write e\.g\. 30s, 10m or 1h\.$/);
  });
});

describe('goalixa-bff --help', () => {
  it('documents every command with examples and the connection flags', async () => {
    const commands = [
      ['breakers'],
      ['breakers', 'open'],
      ['breakers', 'close'],
      ['breakers', 'reset'],
      ['cache', 'invalidate'],
      ['policy', 'get'],
      ['policy', 'set'],
      ['pods'],
      ['metrics', 'tail'],
      ['dashboard'],
    ];
    const helps = await Promise.all(
      commands.map((command) => runCli([...command, '--help'], { OCLIF_COLUMNS: '200' })),
    );
    helps.forEach((help, index) => {
      expect(help.code, commands[index].join(' ')).toBe(0);
      expect(help.stdout).toContain(`$ goalixa-bff ${commands[index].join(' ')}`);
      expect(help.stdout).toContain('EXAMPLES');
      expect(help.stdout).toContain('--json');
      expect(help.stdout).toContain('env: GOALIXA_BFF_CONTROL_URL');
      expect(help.stdout).toContain('env: GOALIXA_BFF_TOKEN');
    });
  });
});
