import type { SandboxOptions } from '../options.js';

interface CookieAttributes {
  domain?: string;
  expires: Date;
  maxAge: number;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SandboxOptions['cookieSameSite'];
}

const EPOCH = new Date(0);

/**
 * Werkzeug's `dump_cookie` layout (CONTRACT §2.5): attribute order Domain, Expires, Max-Age,
 * Secure, HttpOnly, Path, SameSite; the leading dot of the domain dropped; RFC 1123 dates.
 * The gateway passes these headers through verbatim, so the exact text matters.
 */
export function formatCookie(name: string, value: string, attributes: CookieAttributes): string {
  const parts = [`${name}=${value}`];
  const domain = attributes.domain?.replace(/^\./, '');
  if (domain) parts.push(`Domain=${domain}`);
  parts.push(`Expires=${attributes.expires.toUTCString()}`, `Max-Age=${attributes.maxAge}`);
  if (attributes.secure) parts.push('Secure');
  if (attributes.httpOnly) parts.push('HttpOnly');
  parts.push('Path=/', `SameSite=${attributes.sameSite}`);
  return parts.join('; ');
}

/** Builds the Set-Cookie headers Auth sends, from the configured names and flags. */
export class CookieFactory {
  readonly #options: SandboxOptions;

  constructor(options: SandboxOptions) {
    this.#options = options;
  }

  /** Auth forces Secure with SameSite=None because browsers drop such cookies otherwise. */
  get #secure(): boolean {
    return this.#options.cookieSecure || this.#options.cookieSameSite === 'None';
  }

  access(token: string): string {
    return this.#session(this.#options.accessCookieName, token, this.#options.accessTtlSeconds);
  }

  refresh(token: string): string {
    return this.#session(this.#options.refreshCookieName, token, this.#options.refreshTtlSeconds);
  }

  /** Logout uses Werkzeug's `delete_cookie`, which sets neither Secure nor HttpOnly. */
  logoutClearing(): string[] {
    return this.#names().map((name) =>
      formatCookie(name, '', {
        domain: this.#options.cookieDomain,
        expires: EPOCH,
        maxAge: 0,
        secure: false,
        httpOnly: false,
        sameSite: this.#options.cookieSameSite,
      }),
    );
  }

  /** A failed identification clears with `set_cookie(max_age=0)`, for the domain and host-only. */
  identifyClearing(): string[] {
    const domains = this.#options.cookieDomain ? [this.#options.cookieDomain, undefined] : [undefined];
    return this.#names().flatMap((name) =>
      domains.map((domain) =>
        formatCookie(name, '', {
          domain,
          expires: new Date(),
          maxAge: 0,
          secure: this.#secure,
          httpOnly: true,
          sameSite: this.#options.cookieSameSite,
        }),
      ),
    );
  }

  #names(): string[] {
    return [this.#options.accessCookieName, this.#options.refreshCookieName];
  }

  #session(name: string, value: string, maxAge: number): string {
    return formatCookie(name, value, {
      domain: this.#options.cookieDomain,
      expires: new Date(Date.now() + maxAge * 1000),
      maxAge,
      secure: this.#secure,
      httpOnly: true,
      sameSite: this.#options.cookieSameSite,
    });
  }
}
