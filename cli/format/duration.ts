const unitMs: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const whole = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/**
 * Milliseconds in a duration such as `30s`, `10m`, `1h30m` or `250ms`; a bare number means
 * seconds. Undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1_000;
  if (!whole.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(part)) total += Number(amount) * unitMs[unit];
  return total;
}

/** A short human duration: `850ms`, `42s`, `9m 5s`, `3h 2m`, `2d 4h`. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${Math.round(abs)}ms`;
  const seconds = Math.floor(abs / 1_000);
  const steps: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  const index = steps.findIndex(([size]) => seconds >= size);
  const [size, unit] = steps[index];
  const rest = steps[index + 1];
  const major = `${Math.floor(seconds / size)}${unit}`;
  const minor = rest ? Math.floor((seconds % size) / rest[0]) : 0;
  return minor > 0 && rest ? `${major} ${minor}${rest[1]}` : major;
}

/** How long ago an ISO timestamp was, e.g. `3s ago`; `-` without one. */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return '-';
  return `${formatDuration(now - Date.parse(iso))} ago`;
}
