import { faultsFromEnv } from './http/faults.js';
import { startSandbox } from './index.js';
import { sandboxOptionsFromEnv } from './options.js';

const options = sandboxOptionsFromEnv(process.env);
const sandbox = await startSandbox(
  options,
  {
    auth: Number(process.env.SANDBOX_AUTH_PORT ?? 5001),
    core: Number(process.env.SANDBOX_CORE_PORT ?? 5000),
  },
  faultsFromEnv(process.env),
);
// One machine-readable line, so a parent process (demo, tests) can learn the bound ports.
process.stdout.write(
  `${JSON.stringify({ sandbox: 'ready', authUrl: sandbox.auth.url, coreUrl: sandbox.core.url })}\n`,
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    sandbox.close().then(() => process.exit(0));
  });
}
