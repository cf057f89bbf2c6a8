import { createAuthRouter } from './auth/index.js';
import { createCoreRouter } from './core/index.js';
import { type FaultSettings, noFaults } from './http/faults.js';
import { type SandboxService, startService } from './http/service.js';
import type { SandboxOptions } from './options.js';

export interface Sandbox {
  auth: SandboxService;
  core: SandboxService;
  close(): Promise<void>;
}

/** Starts the imitation Auth service and Core-API on loopback; port 0 picks free ports. */
export async function startSandbox(
  options: SandboxOptions,
  ports: { auth: number; core: number } = { auth: 0, core: 0 },
  faults: FaultSettings = noFaults,
): Promise<Sandbox> {
  const auth = await startService(await createAuthRouter(options), ports.auth, faults);
  const core = await startService(createCoreRouter(options), ports.core, faults);
  return {
    auth,
    core,
    close: async () => {
      await Promise.all([auth.close(), core.close()]);
    },
  };
}
