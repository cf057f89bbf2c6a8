const millisecondDigits = Array.from({ length: 1000 }, (_, ms) => String(ms).padStart(3, '0'));

let second = Number.NaN;
let secondPrefix = '';
let stampedAt = Number.NaN;
let stamp = '';

/**
 * pino's ISO timestamp field (`,"time":"…"`). A busy proxy logs many lines per millisecond, so the
 * field is reused within one; a quieter one still formats a `Date` only once a second and appends
 * the milliseconds, where `toISOString` would cost a few thousand instructions per line.
 */
export function isoTimeField(): string {
  const now = Date.now();
  if (now === stampedAt) return stamp;
  stampedAt = now;
  const thisSecond = Math.floor(now / 1000);
  if (thisSecond !== second) {
    second = thisSecond;
    // "2026-11-27T03:09:15." — everything up to the milliseconds.
    secondPrefix = `,"time":"${new Date(now).toISOString().slice(0, 20)}`;
  }
  stamp = `${secondPrefix}${millisecondDigits[now - thisSecond * 1000]}Z"`;
  return stamp;
}
