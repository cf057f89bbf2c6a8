import { transform } from 'esbuild';

/**
 * esbuild escapes non-ASCII characters in strings and identifiers but keeps comments as written,
 * and one such character makes V8 hold the whole 2 MB source as UTF-16: twice the memory for as
 * long as the process runs. Escaped, a comment reads the same. Where esbuild keeps a character
 * in code (a tagged template's raw text, a regular expression), an escape could change what it
 * means, so the escaped source must minify to exactly the original's code, comments aside: the
 * build stops otherwise.
 */
export async function asciiOnly(source: string): Promise<string> {
  const escaped = source.replace(
    /[\u0080-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  if (escaped === source) return source;
  const [before, after] = await Promise.all([codeOf(source), codeOf(escaped)]);
  if (before !== after)
    throw new Error('escaping the non-ASCII characters would change code, not only comments');
  return escaped;
}

/** The source without comments or layout, every other character as written. */
async function codeOf(source: string): Promise<string> {
  const { code } = await transform(source, {
    minifyWhitespace: true,
    legalComments: 'none',
    charset: 'utf8',
    format: 'esm',
    loader: 'js',
  });
  return code;
}
