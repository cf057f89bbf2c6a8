import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../bench/free-port.js';

export const testSecret = 'test-secret-for-the-gateway-suite-0123456789';
export const distPath = (relative: string) =>
  fileURLToPath(new URL(`../../dist/${relative}`, import.meta.url));

export interface RunningProcess {
  child: ChildProcess;
  /** Everything the process wrote to stdout, for assertions on log lines. */
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts a built entry point (`dist/...`) and resolves when `ready(stdout)` says so. */
export async function spawnNode(
  script: string,
  env: NodeJS.ProcessEnv,
  ready: (stdout: string) => boolean,
  timeoutMs = 10_000,
): Promise<RunningProcess> {
  const child = spawn(process.execPath, [distPath(script)], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = Date.now();
  while (!ready(stdout)) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${script} not ready after ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    child,
    output: () => stdout,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface ExitResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script to its end with stdout and stderr collected; rejects if it outlives `timeoutMs`. */
export function runToExit(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<ExitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} still running after ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface SandboxProcess extends RunningProcess {
  authUrl: string;
  coreUrl: string;
}

/** The sandbox upstreams as a real process on free ports. */
export async function startSandboxProcess(env: NodeJS.ProcessEnv = {}): Promise<SandboxProcess> {
  const running = await spawnNode(
    'sandbox/main.js',
    {
      AUTH_JWT_SECRET: testSecret,
      SANDBOX_AUTH_PORT: '0',
      SANDBOX_CORE_PORT: '0',
      SANDBOX_AUTH_RATE_LIMIT: '0',
      SANDBOX_EXPOSE_TOKENS: '1',
      ...env,
    },
    (out) => out.includes('"sandbox":"ready"'),
  );
  const line = running
    .output()
    .split('\n')
    .find((l) => l.includes('"sandbox":"ready"'))!;
  const { authUrl, coreUrl } = JSON.parse(line) as { authUrl: string; coreUrl: string };
  return { ...running, authUrl, coreUrl };
}

export interface ProxyProcess extends RunningProcess {
  url: string;
  port: number;
}

/** The proxy as a real process; ready once it logs that it listens. */
export async function startProxyProcess(env: NodeJS.ProcessEnv): Promise<ProxyProcess> {
  const port = await freePort();
  const running = await spawnNode(
    'bundle/proxy.js',
    // Suites send many requests from 127.0.0.1; a suite about rate limits sets its own RATE_LIMIT.
    { AUTH_JWT_SECRET: testSecret, HOST: '127.0.0.1', PORT: String(port), RATE_LIMIT: '100000/min', ...env },
    (out) => out.includes('proxy listening'),
  );
  return { ...running, url: `http://127.0.0.1:${port}`, port };
}

export const testAdminToken = 'test-admin-token-for-the-control-plane-0123456789';

/** Control as a real process on a free port; ready once it logs that it listens. */
export async function startControlProcess(env: NodeJS.ProcessEnv): Promise<ProxyProcess> {
  const port = await freePort();
  const running = await spawnNode(
    'control/main.js',
    { CONTROL_ADMIN_TOKEN: testAdminToken, CONTROL_HOST: '127.0.0.1', CONTROL_PORT: String(port), ...env },
    (out) => out.includes('control listening'),
  );
  return { ...running, url: `http://127.0.0.1:${port}`, port };
}

export interface GatewayWithSandbox {
  sandbox: SandboxProcess;
  proxy: ProxyProcess;
  stop(): Promise<void>;
}

/** The proxy in front of the sandbox upstreams, both real processes; `env` adds to the proxy's. */
export async function startGatewayWithSandbox(env: NodeJS.ProcessEnv = {}): Promise<GatewayWithSandbox> {
  const sandbox = await startSandboxProcess();
  const proxy = await startProxyProcess({
    AUTH_SERVICE_URL: sandbox.authUrl,
    APP_SERVICE_URL: sandbox.coreUrl,
    ...env,
  });
  return {
    sandbox,
    proxy,
    stop: async () => {
      await proxy.stop();
      await sandbox.stop();
    },
  };
}
