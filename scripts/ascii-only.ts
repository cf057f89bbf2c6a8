/**
 * esbuild escapes non-ASCII characters in code but keeps them in comments, and one such character
 * makes V8 hold the whole 2 MB source as UTF-16: twice the memory for as long as the process runs.
 * In a comment, an escape is as readable. A line separator would end a `//` comment, so escaping
 * it would change the code; there is none today, and the build stops if one appears.
 */
export function asciiOnly(source: string): string {
  return source.replace(/[\u0080-\uffff]/g, (character) => {
    if (character === '\u2028' || character === '\u2029')
      throw new Error('the bundle holds a line separator (U+2028/U+2029) outside a string');
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
