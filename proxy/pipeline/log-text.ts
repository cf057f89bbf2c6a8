/**
 * Field text for the access log, cheaper than the generic conversions for the values it sees:
 * `JSON.stringify` of a short string and `String` of a fraction cost ~900 instructions each, and a
 * line has five of them (bench:instructions).
 */

/** A JSON string literal; routes, methods, user ids and addresses need no escaping. */
export function jsonString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || code > 0x7e) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/**
 * Milliseconds rounded to hundredths, as `String(Math.round(ms * 100) / 100)` writes them
 * (`12`, `1.5`, `0.07`), from integers: V8 formats a small integer from a cache.
 */
export function hundredths(ms: number): string {
  const scaled = Math.round(ms * 100);
  if (!(scaled >= 0 && scaled < 2 ** 31)) return String(scaled / 100);
  const whole = Math.floor(scaled / 100);
  const rest = scaled - whole * 100;
  if (rest === 0) return `${whole}`;
  if (rest % 10 === 0) return `${whole}.${rest / 10}`;
  return `${whole}.${rest < 10 ? '0' : ''}${rest}`;
}
