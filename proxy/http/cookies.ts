/** Reads one cookie from a `Cookie` header without building a map of all of them. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end < 0) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq > start && eq < end && header.slice(start, eq).trim() === name) {
      const value = header.slice(eq + 1, end).trim();
      return value === '' ? undefined : value;
    }
    start = end + 1;
  }
  return undefined;
}

/** The value of a `Set-Cookie` header's cookie, e.g. the access token Auth just issued. */
export function setCookieValue(setCookies: readonly string[], name: string): string | undefined {
  for (const line of setCookies) {
    if (!line.startsWith(`${name}=`)) continue;
    const value = line.slice(name.length + 1, line.indexOf(';') < 0 ? undefined : line.indexOf(';'));
    if (value) return value;
  }
  return undefined;
}
