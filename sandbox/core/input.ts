/**
 * Lenient readers for request bodies. Core validates almost nothing: bad input is ignored and the
 * route still answers with its payload (CONTRACT §7.2.2), so every reader returns a neutral value
 * instead of throwing.
 */

export function toInt(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return null;
}

export function toPositiveInt(value: unknown): number | null {
  const n = toInt(value);
  return n !== null && n > 0 ? n : null;
}

export function toFloat(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function toText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  return '';
}

/** Text or null: empty strings are stored as null, as Core does for optional columns. */
export function toOptionalText(value: unknown): string | null {
  const text = toText(value);
  return text === '' ? null : text;
}

/** Core's truthy spellings for form-ish booleans: true, "true", 1, "on", "yes". */
export function toBool(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  if (typeof value === 'string') return ['true', '1', 'on', 'yes'].includes(value.trim().toLowerCase());
  return false;
}

/** A list or CSV string of ids; anything not a positive integer is dropped, duplicates removed. */
export function toIdList(value: unknown): number[] {
  const raw = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
  const ids = raw.map(toPositiveInt).filter((n): n is number => n !== null);
  return [...new Set(ids)];
}
