import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../sandbox/index.js';
import { demoSecret, demoUser, sandboxOptionsFromEnv } from '../sandbox/options.js';

/**
 * `npm run demo`: the sandbox upstreams in this process, the proxy as a child process on
 * embedded defaults (in-memory cache, no Redis). Honours PORT, SANDBOX_AUTH_PORT,
 * SANDBOX_CORE_PORT, AUTH_SERVICE_URL and APP_SERVICE_URL when set.
 */
const secret = process.env.AUTH_JWT_SECRET ?? demoSecret;
const sandbox = await startSandbox(
  { ...sandboxOptionsFromEnv(process.env), secret },
  {
    auth: Number(process.env.SANDBOX_AUTH_PORT ?? 5001),
    core: Number(process.env.SANDBOX_CORE_PORT ?? 5000),
  },
);
const port = process.env.PORT ?? '8000';
const proxy = spawn(process.execPath, [fileURLToPath(new URL('../bundle/proxy.js', import.meta.url))], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...process.env,
    PORT: port,
    HOST: process.env.HOST ?? '127.0.0.1',
    AUTH_JWT_SECRET: secret,
    AUTH_SERVICE_URL: process.env.AUTH_SERVICE_URL ?? sandbox.auth.url,
    APP_SERVICE_URL: process.env.APP_SERVICE_URL ?? sandbox.core.url,
  },
});

const base = `http://127.0.0.1:${port}`;
process.stdout.write(
  [
    '',
    `goalixa-bff demo: gateway on ${base} (sandbox Auth ${sandbox.auth.url}, Core ${sandbox.core.url})`,
    `demo login: ${demoUser.email} / ${demoUser.password}`,
    'try:',
    `  curl -s -c /tmp/bff.jar -H 'content-type: application/json' -d '{"email":"${demoUser.email}","password":"${demoUser.password}"}' ${base}/bff/auth/login`,
    `  curl -s -b /tmp/bff.jar ${base}/bff/app/tasks`,
    'Ctrl-C stops both.',
    '',
  ].join('\n'),
);

const stop = () => {
  proxy.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
proxy.on('exit', async (code) => {
  await sandbox.close();
  process.exit(code ?? 0);
});
