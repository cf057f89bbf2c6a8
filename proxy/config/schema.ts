import { z } from 'zod';
import { defaultLogBufferBytes } from '../../shared/logger/index.js';
import {
  apiPrefixFromEnv,
  booleanFromEnv,
  httpUrlFromEnv,
  integerFromEnv,
  listFromEnv,
  rateFromEnv,
} from './env.js';

const defaultCorsOrigins = [
  'http://localhost:8080',
  'http://localhost:3000',
  'https://app.goalixa.com',
  'https://www.goalixa.com',
  'https://goalixa.com',
];

/** A TTL in seconds that may be left blank (then another value applies); 0 is a valid TTL. */
const optionalSecondsFromEnv = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(0).optional(),
);

/**
 * Every environment variable the proxy reads, with its default. `.env.example` mirrors this
 * list; a test keeps the two in step.
 */
export const proxyEnvSchema = z.object({
  PORT: integerFromEnv(8000, 0, 65_535),
  HOST: z.string().min(1).default('0.0.0.0'),
  AUTH_SERVICE_URL: httpUrlFromEnv('http://localhost:5001'),
  APP_SERVICE_URL: httpUrlFromEnv('http://localhost:5000'),
  AUTH_API_PREFIX: apiPrefixFromEnv('/api'),
  APP_API_PREFIX: apiPrefixFromEnv('/api'),
  AUTH_JWT_SECRET: z
    .string({ message: 'is required (the HS256 secret shared with the Auth service)' })
    .min(32, 'must be at least 32 characters'),
  // Blank means "no rotation in progress": `.env.example` and env files leave it empty.
  AUTH_JWT_PREVIOUS_SECRET: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  AUTH_CLOCK_TOLERANCE_S: integerFromEnv(30, 0, 300),
  AUTH_ACCESS_COOKIE_NAME: z.string().min(1).default('goalixa_access'),
  AUTH_REFRESH_COOKIE_NAME: z.string().min(1).default('goalixa_refresh'),
  REDIS_URL: z.string().default('redis://localhost:6379/0'),
  REDIS_ENABLED: booleanFromEnv(false),
  // Redis commands fail (and count as cache misses) after this long rather than slow a request down.
  REDIS_COMMAND_TIMEOUT_MS: integerFromEnv(50, 1, 10_000),
  // Control plane (REDIS_ENABLED): how often a pod re-reads the policy in case it missed an
  // announcement, and how often it writes its heartbeat (the key lives three beats).
  POLICY_REFRESH_MS: integerFromEnv(5_000, 100, 3_600_000),
  HEARTBEAT_INTERVAL_MS: integerFromEnv(2_000, 100, 60_000),
  // Per-user response cache (proxy/cache): in memory, or in Redis when REDIS_ENABLED.
  CACHE_ENABLED: booleanFromEnv(true),
  CACHE_MAX_ENTRIES: integerFromEnv(10_000, 1),
  CACHE_MAX_BYTES: integerFromEnv(67_108_864, 1_024),
  // Redis store: entries this pod has read are kept near while Redis reports their changes; 0 = off.
  CACHE_NEAR_MAX_BYTES: integerFromEnv(16_777_216, 0),
  CACHE_TTL_SECONDS: integerFromEnv(300, 0),
  // Per data type; blank means the seed's value in proxy/cache/ttl.ts, else CACHE_TTL_SECONDS.
  CACHE_TTL_PROFILE: optionalSecondsFromEnv,
  CACHE_TTL_TASKS: optionalSecondsFromEnv,
  CACHE_TTL_PROJECTS: optionalSecondsFromEnv,
  CACHE_TTL_GOALS: optionalSecondsFromEnv,
  CACHE_TTL_LABELS: optionalSecondsFromEnv,
  CACHE_TTL_HABITS: optionalSecondsFromEnv,
  CACHE_TTL_PLANNER: optionalSecondsFromEnv,
  CACHE_TTL_REPORTS: optionalSecondsFromEnv,
  CACHE_TTL_TIMER: optionalSecondsFromEnv,
  CACHE_TTL_REMINDERS: optionalSecondsFromEnv,
  CACHE_TTL_DAILY_FOCUS: optionalSecondsFromEnv,
  CACHE_TTL_DASHBOARD: optionalSecondsFromEnv,
  CACHE_TTL_AGGREGATE: optionalSecondsFromEnv,
  STALE_IF_ERROR_SECONDS: integerFromEnv(300, 0),
  AGGREGATE_PART_TIMEOUT_MS: integerFromEnv(2_000, 1),
  AGGREGATE_TIMEOUT_MS: integerFromEnv(3_000, 1),
  RATE_LIMIT_ENABLED: booleanFromEnv(true),
  RATE_LIMIT: rateFromEnv('100/min'),
  CORS_ORIGINS: listFromEnv(defaultCorsOrigins),
  TRUSTED_PROXIES: listFromEnv(['127.0.0.1', '::1']),
  UPSTREAM_CONNECT_TIMEOUT_MS: integerFromEnv(5_000, 1),
  UPSTREAM_TIMEOUT_MS: integerFromEnv(30_000, 1),
  UPSTREAM_CONNECTIONS: integerFromEnv(64, 1, 10_000),
  HEALTH_TIMEOUT_MS: integerFromEnv(1_000, 1),
  BREAKER_FAILURE_THRESHOLD: integerFromEnv(5, 1, 1_000),
  BREAKER_RESET_TIMEOUT_MS: integerFromEnv(30_000, 1),
  BREAKER_HALF_OPEN_MAX_CALLS: integerFromEnv(3, 1, 1_000),
  MAX_BODY_BYTES: integerFromEnv(1_048_576, 1),
  MAX_HEADER_BYTES: integerFromEnv(16_384, 1_024, 1_048_576),
  HEADERS_TIMEOUT_MS: integerFromEnv(10_000, 1),
  REQUEST_TIMEOUT_MS: integerFromEnv(60_000, 1),
  // HTTP/2: TLS with ALPN h2 + http/1.1 when both files are set; h2c beside HTTP/1.1 otherwise.
  TLS_CERT_FILE: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
  TLS_KEY_FILE: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
  HTTP2_CLEARTEXT: booleanFromEnv(false),
  HTTP2_MAX_CONCURRENT_STREAMS: integerFromEnv(128, 1, 10_000),
  HTTP2_MAX_RESETS_PER_10S: integerFromEnv(200, 1, 1_000_000),
  SHUTDOWN_TIMEOUT_MS: integerFromEnv(10_000, 0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Unwritten log output held while stdout's reader is behind; beyond it lines are dropped and
  // counted (bff_log_lines_dropped_total) rather than held until the pod runs out of memory.
  LOG_BUFFER_MAX_BYTES: integerFromEnv(defaultLogBufferBytes, 65_536),
  // How far (%) the old generation may grow past what survived the last full GC; 0 = V8's own
  // heuristic, which under load lets promoted garbage pile up to several times the live heap.
  // 50, not 100: under node 22 (the image's) a busy proxy peaked at 158-165 MiB with 100, at 140
  // with 50, at no CPU cost above the noise but a few µs more of collection per HTTP/2 request.
  HEAP_GROWTH_PERCENT: integerFromEnv(50, 0, 1_000),
  /** The `pod` label of every metric; Kubernetes sets it from the downward API. Blank means `<host>-<pid>`. */
  POD_NAME: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
});

export type ProxyEnv = z.output<typeof proxyEnvSchema>;
