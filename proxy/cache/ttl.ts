import { type DataType, dataTypes } from '../../shared/domain/names.js';

export { dataTypes };

/** How long each data type stays fresh, in seconds; the seed's values (CONTRACT §4). Others use `CACHE_TTL_SECONDS`. */
export const defaultTtlSeconds: Partial<Record<DataType, number>> = {
  profile: 600,
  tasks: 60,
  projects: 300,
  goals: 300,
  labels: 600,
  dashboard: 120,
  aggregate: 180,
};

/** `CACHE_TTL_<TYPE>` overrides one type; 0 keeps that type out of the cache. */
export const ttlEnvName = (type: DataType) => `CACHE_TTL_${type.toUpperCase()}`;

export type TtlTable = Record<DataType, number>;

/** The effective table: env override, else the seed's value, else the general TTL. */
export function resolveTtls(generalSeconds: number, env: Record<string, unknown>): TtlTable {
  const table = {} as TtlTable;
  for (const type of dataTypes) {
    const override = env[ttlEnvName(type)];
    table[type] = typeof override === 'number' ? override : (defaultTtlSeconds[type] ?? generalSeconds);
  }
  return table;
}
