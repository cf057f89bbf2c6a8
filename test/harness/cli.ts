import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import {
  type ExitResult,
  type ProxyProcess,
  runToExit,
  type SandboxProcess,
  startControlProcess,
  startProxyProcess,
  startSandboxProcess,
  testAdminToken,
} from './processes.js';

const bin = fileURLToPath(new URL('../../bin/goalixa-bff', import.meta.url));

export type CliResult = ExitResult;

/** Runs the built CLI (`bin/goalixa-bff`) as an operator would, with stdout and stderr piped. */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<CliResult> {
  return runToExit(bin, args, { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeoutMs);
}

export interface CliWorld {
  redis: Redis;
  redisUrl: string;
  sandbox: SandboxProcess;
  control: ProxyProcess;
  pod: ProxyProcess;
  /** The CLI pointed at this world's control with the right token. */
  cli: (args: readonly string[], env?: NodeJS.ProcessEnv) => Promise<CliResult>;
  /** Control's admin API, to check what a command did without trusting the CLI. */
  admin: <T>(path: string) => Promise<T>;
  stop(): Promise<void>;
}

/**
 * Sandbox, control and one proxy pod sharing a Redis DB of their own on the local server (emptied
 * first), the pod beating every 250 ms so control's view follows within a second.
 */
export async function startCliWorld(redisDb: number, podName: string): Promise<CliWorld> {
  const redisUrl = `redis://127.0.0.1:6379/${redisDb}`;
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  const sandbox = await startSandboxProcess();
  const control = await startControlProcess({ REDIS_URL: redisUrl });
  const pod = await startProxyProcess({
    AUTH_SERVICE_URL: sandbox.authUrl,
    APP_SERVICE_URL: sandbox.coreUrl,
    REDIS_ENABLED: 'true',
    REDIS_URL: redisUrl,
    REDIS_COMMAND_TIMEOUT_MS: '1000',
    HEARTBEAT_INTERVAL_MS: '250',
    POLICY_REFRESH_MS: '1000',
    POD_NAME: podName,
  });
  const connection = { GOALIXA_BFF_CONTROL_URL: control.url, GOALIXA_BFF_TOKEN: testAdminToken };
  return {
    redis,
    redisUrl,
    sandbox,
    control,
    pod,
    cli: (args, env = {}) => runCli(args, { ...connection, ...env }),
    admin: async <T>(path: string) =>
      (await (
        await fetch(`${control.url}${path}`, { headers: { authorization: `Bearer ${testAdminToken}` } })
      ).json()) as T,
    stop: async () => {
      await pod.stop();
      await control.stop();
      await sandbox.stop();
      await redis.flushdb();
      redis.disconnect();
    },
  };
}
