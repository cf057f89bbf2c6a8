import { z } from 'zod';

/** Reusable zod pieces for reading environment variables, which always arrive as strings. */

export const booleanFromEnv = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const integerFromEnv = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ message: 'expected a number' })
    .int('expected a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

export const httpUrlFromEnv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((value) => /^https?:\/\/[^/]+/.test(value) && URL.canParse(value), 'expected an http(s) URL')
    .transform((value) => value.replace(/\/+$/, ''));

/** CONTRACT §0.2: trimmed, one leading slash, no trailing slash; empty means no prefix. */
export const apiPrefixFromEnv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) => {
      const trimmed = value.trim().replace(/\/+$/, '');
      if (trimmed === '') return '';
      return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
    });

/** A comma-separated list, or a JSON array (the original `CORS_ORIGINS` format). */
export const listFromEnv = (fallback: string[]) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const text = value.trim();
      if (text.startsWith('[')) {
        try {
          const parsed: unknown = JSON.parse(text);
          if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
        } catch {
          // reported below
        }
        ctx.addIssue({
          code: 'custom',
          message: 'expected a JSON array of strings or a comma-separated list',
        });
        return z.NEVER;
      }
      return text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    });

const periods: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  m: 60,
  min: 60,
  minute: 60,
  h: 3600,
  hour: 3600,
};

/** `100/min`, `100/60s`, `1000/1h`: a request budget per period. */
export const rateFromEnv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const match = /^\s*(\d+)\s*\/\s*(\d*)\s*([a-z]+)\s*$/i.exec(value);
      const unit = match ? periods[match[3].toLowerCase()] : undefined;
      if (!match || unit === undefined || Number(match[1]) < 1) {
        ctx.addIssue({ code: 'custom', message: 'expected <requests>/<period>, e.g. 100/min or 500/30s' });
        return z.NEVER;
      }
      return { limit: Number(match[1]), periodSeconds: (Number(match[2]) || 1) * unit };
    });
