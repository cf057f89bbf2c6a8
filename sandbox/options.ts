/** Settings shared by the sandbox Auth service and Core-API, mirroring the real services' variables. */
export interface SandboxOptions {
  /** HS256 secret shared with the gateway (`AUTH_JWT_SECRET`). */
  secret: string;
  accessCookieName: string;
  refreshCookieName: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** `AUTH_COOKIE_SECURE`: the real default is on; the sandbox defaults to off so plain-HTTP demos work. */
  cookieSecure: boolean;
  cookieSameSite: 'Lax' | 'Strict' | 'None';
  cookieDomain?: string;
  /** `ENVIRONMENT=production` makes login require a verified email, as in Auth. */
  production: boolean;
  /** Test mode: register/forgot answers carry the one-time tokens (CONTRACT §9 S15 says: only then). */
  exposeTokens: boolean;
  /**
   * `SANDBOX_GOOGLE_OAUTH=1`: act as an Auth with Google configured, so the OAuth start answers
   * its 302 to Google's consent page instead of Auth's "not configured" 503.
   */
  googleOAuth?: boolean;
  /** A user created at start, so the demo has someone to log in as. */
  seedUser?: { email: string; password: string };
}

export const demoUser = { email: 'demo@goalixa.dev', password: 'Demo-pass-2026!' };

export const demoSecret = 'sandbox-demo-secret-change-me-0123456789';

export function sandboxOptionsFromEnv(env: NodeJS.ProcessEnv): SandboxOptions {
  return {
    secret: env.AUTH_JWT_SECRET ?? demoSecret,
    accessCookieName: env.AUTH_ACCESS_COOKIE_NAME ?? 'goalixa_access',
    refreshCookieName: env.AUTH_REFRESH_COOKIE_NAME ?? 'goalixa_refresh',
    accessTtlSeconds: Number(env.AUTH_ACCESS_TOKEN_TTL_MINUTES ?? 15) * 60,
    refreshTtlSeconds: Number(env.AUTH_REFRESH_TOKEN_TTL_DAYS ?? 7) * 86_400,
    cookieSecure: env.AUTH_COOKIE_SECURE === '1',
    cookieSameSite: (env.AUTH_COOKIE_SAMESITE as SandboxOptions['cookieSameSite']) ?? 'Lax',
    cookieDomain: env.AUTH_COOKIE_DOMAIN || undefined,
    production: env.ENVIRONMENT === 'production',
    exposeTokens: env.SANDBOX_EXPOSE_TOKENS === '1',
    googleOAuth: env.SANDBOX_GOOGLE_OAUTH === '1',
    seedUser: env.SANDBOX_SEED_USER === '0' ? undefined : demoUser,
  };
}
