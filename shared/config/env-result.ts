import type { z } from 'zod';

/** A process configuration, or every problem with it — one line per variable. */
export type EnvResult<T> = { ok: true; config: T } | { ok: false; problems: string[] };

/** Validates the environment against a schema; never throws. */
export function readEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): EnvResult<z.output<S>> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`,
    ),
  };
}

/** At start: the configuration, or the problems on stderr and exit code 1. */
export function configOrExit<T>(result: EnvResult<T>): T {
  if (result.ok) return result.config;
  for (const problem of result.problems) process.stderr.write(`config: ${problem}\n`);
  process.exit(1);
}
