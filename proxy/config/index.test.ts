import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ConfigResult, loadProxyConfig } from './index.js';
import { proxyEnvSchema } from './schema.js';

const secret = 'a-secret-that-is-long-enough-0123456789';

function loaded(env: NodeJS.ProcessEnv) {
  const result: ConfigResult = loadProxyConfig(env);
  if (!result.ok) throw new Error(`unexpected problems: ${result.problems.join('; ')}`);
  return result.config;
}

function problems(env: NodeJS.ProcessEnv): string[] {
  const result = loadProxyConfig(env);
  return result.ok ? [] : result.problems;
}

/** `.env.example` as the variables it assigns, comments and blank lines aside. */
function exampleEnv(): Record<string, string> {
  const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  const entries = text
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
    .filter((match) => match !== null)
    .map((match) => [match[1], match[2]] as const);
  return Object.fromEntries(entries);
}

describe('loadProxyConfig', () => {
  it('fills every default from the issue when only the secret is set', () => {
    const config = loaded({ AUTH_JWT_SECRET: secret });
    expect(config).toMatchObject({
      PORT: 8000,
      HOST: '0.0.0.0',
      AUTH_SERVICE_URL: 'http://localhost:5001',
      APP_SERVICE_URL: 'http://localhost:5000',
      AUTH_API_PREFIX: '/api',
      APP_API_PREFIX: '/api',
      REDIS_URL: 'redis://localhost:6379/0',
      REDIS_ENABLED: false,
      RATE_LIMIT: { limit: 100, periodSeconds: 60 },
      MAX_BODY_BYTES: 1_048_576,
      AUTH_ACCESS_COOKIE_NAME: 'goalixa_access',
      AUTH_REFRESH_COOKIE_NAME: 'goalixa_refresh',
      LOG_LEVEL: 'info',
    });
    expect(config.upstreams.app_service).toEqual({ url: 'http://localhost:5000', prefix: '/api' });
    expect(config.CORS_ORIGINS).toContain('https://app.goalixa.com');
  });

  it('names the missing secret', () => {
    const lines = problems({});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^AUTH_JWT_SECRET: /);
  });

  it('reports one line per invalid variable, naming it and what is wrong', () => {
    const lines = problems({
      AUTH_JWT_SECRET: 'short',
      PORT: 'eighty',
      MAX_BODY_BYTES: '0',
      APP_SERVICE_URL: 'ftp://core',
      REDIS_ENABLED: 'maybe',
      RATE_LIMIT: 'lots',
      LOG_LEVEL: 'loud',
    });
    const named = lines.map((line) => line.split(':')[0]).sort();
    expect(named).toEqual(
      [
        'APP_SERVICE_URL',
        'AUTH_JWT_SECRET',
        'LOG_LEVEL',
        'MAX_BODY_BYTES',
        'PORT',
        'RATE_LIMIT',
        'REDIS_ENABLED',
      ].sort(),
    );
    expect(lines.find((line) => line.startsWith('AUTH_JWT_SECRET'))).toMatch(/at least 32/);
  });

  it('normalises API prefixes as CONTRACT §0.2 says', () => {
    const config = loaded({ AUTH_JWT_SECRET: secret, AUTH_API_PREFIX: ' api/v1/ ', APP_API_PREFIX: '' });
    expect(config.AUTH_API_PREFIX).toBe('/api/v1');
    expect(config.APP_API_PREFIX).toBe('');
  });

  it('strips a trailing slash from upstream URLs', () => {
    expect(loaded({ AUTH_JWT_SECRET: secret, AUTH_SERVICE_URL: 'http://auth:80/' }).AUTH_SERVICE_URL).toBe(
      'http://auth:80',
    );
  });

  it('reads lists as JSON arrays or comma-separated text, and rejects a broken JSON list', () => {
    expect(
      loaded({ AUTH_JWT_SECRET: secret, CORS_ORIGINS: '["https://a.test","https://b.test"]' }).CORS_ORIGINS,
    ).toEqual(['https://a.test', 'https://b.test']);
    expect(loaded({ AUTH_JWT_SECRET: secret, TRUSTED_PROXIES: '10.0.0.0/8, ::1' }).TRUSTED_PROXIES).toEqual([
      '10.0.0.0/8',
      '::1',
    ]);
    expect(problems({ AUTH_JWT_SECRET: secret, CORS_ORIGINS: '["unterminated' })[0]).toMatch(
      /^CORS_ORIGINS: /,
    );
  });

  it('reads rate limits per period', () => {
    expect(loaded({ AUTH_JWT_SECRET: secret, RATE_LIMIT: '500/30s' }).RATE_LIMIT).toEqual({
      limit: 500,
      periodSeconds: 30,
    });
  });
});

describe('.env.example', () => {
  it('lists exactly the variables of the schema', () => {
    expect(Object.keys(exampleEnv()).sort()).toEqual(Object.keys(proxyEnvSchema.shape).sort());
  });

  it('states every default the schema applies', () => {
    const defaults = loaded({ AUTH_JWT_SECRET: secret });
    for (const [name, value] of Object.entries(exampleEnv())) {
      if (value === '') continue;
      const withExample = loaded({ AUTH_JWT_SECRET: secret, [name]: value });
      expect(withExample[name as keyof typeof withExample], name).toEqual(
        defaults[name as keyof typeof defaults],
      );
    }
  });

  it('loads unchanged once the secret is filled in, blank optional variables included', () => {
    expect(loaded({ ...exampleEnv(), AUTH_JWT_SECRET: secret })).toEqual(loaded({ AUTH_JWT_SECRET: secret }));
  });
});
