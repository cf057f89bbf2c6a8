/** Input rules of Auth (CONTRACT §7.1.2), so the sandbox rejects exactly what the real service rejects. */

const EMAIL_PATTERN = /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/;
const SPECIAL_CHARACTERS = /[!@#$%^&*(),.?":{}|<>]/;
const MAX_PASSWORD_LENGTH = 128;

/** Reads a string field; anything else counts as missing, as Auth's `.get(...) or ""` does. */
export function field(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  return typeof value === 'string' ? value : '';
}

/** Strips control characters, trims and lower-cases; returns '' when the result is not a valid address. */
export function normalizeEmail(raw: string): string {
  const email = raw
    .replace(/\p{Cc}/gu, '')
    .trim()
    .toLowerCase();
  if (email.includes('..') || !EMAIL_PATTERN.test(email)) return '';
  return email;
}

/** Auth removes NUL characters and truncates, rather than rejecting long passwords. */
export function normalizePassword(raw: string): string {
  return raw.replaceAll('\u0000', '').slice(0, MAX_PASSWORD_LENGTH);
}

/** The first complexity rule the password breaks, in Auth's order, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'Password must be at least 8 characters long.';
  if (!/[a-z]/.test(password)) return 'Password must contain at least one lowercase letter.';
  if (!/[A-Z]/.test(password)) return 'Password must contain at least one uppercase letter.';
  if (!/\d/.test(password)) return 'Password must contain at least one digit.';
  if (!SPECIAL_CHARACTERS.test(password)) return 'Password must contain at least one special character.';
  return null;
}
