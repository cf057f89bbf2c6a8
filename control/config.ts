import { z } from 'zod';
import { type EnvResult, readEnv } from '../shared/config/env-result.js';

const port = z.coerce.number({ message: 'expected a number' }).int().min(0).max(65_535);

/** Every environment variable control reads, with its default (`.env.example` mirrors it). */
export const controlEnvSchema = z.object({
  REDIS_URL: z.string().min(1).default('redis://localhost:6379/0'),
  CONTROL_PORT: port.default(8100),
  CONTROL_HOST: z.string().min(1).default('0.0.0.0'),
  CONTROL_ADMIN_TOKEN: z
    .string({ message: 'is required (the bearer token of the admin API)' })
    .min(32, 'must be at least 32 characters'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type ControlConfig = z.output<typeof controlEnvSchema>;

/** Reads control's configuration; never throws — problems come back one line per variable. */
export function loadControlConfig(env: NodeJS.ProcessEnv): EnvResult<ControlConfig> {
  return readEnv(controlEnvSchema, env);
}
