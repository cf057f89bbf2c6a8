import { type EnvResult, readEnv } from '../../shared/config/env-result.js';
import { proxyEnvSchema } from './schema.js';

export type { ProxyEnv } from './schema.js';

export type ConfigResult = EnvResult<ProxyConfig>;

export interface UpstreamConfig {
  /** Origin without a trailing slash, e.g. `http://localhost:5001`. */
  url: string;
  /** Normalised API prefix (CONTRACT §0.2), e.g. `/api` or ``. */
  prefix: string;
}

export type ProxyConfig = ReturnType<typeof shape>;

/** Reads the proxy configuration; never throws — problems come back one line per variable. */
export function loadProxyConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = readEnv(proxyEnvSchema, env);
  return parsed.ok ? { ok: true, config: shape(parsed.config) } : parsed;
}

function shape(env: ReturnType<typeof proxyEnvSchema.parse>) {
  return {
    ...env,
    upstreams: {
      auth_service: { url: env.AUTH_SERVICE_URL, prefix: env.AUTH_API_PREFIX } satisfies UpstreamConfig,
      app_service: { url: env.APP_SERVICE_URL, prefix: env.APP_API_PREFIX } satisfies UpstreamConfig,
    },
  };
}
