import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asciiOnly } from './ascii-only.js';

describe('asciiOnly', () => {
  it('escapes what esbuild leaves in comments, and the code means the same', async () => {
    const source = '/* a § sign */ const dash = 1; // an em dash — and an ä\ndash + 1';
    const escaped = await asciiOnly(source);
    expect(escaped).toBe(
      '/* a \\u00a7 sign */ const dash = 1; // an em dash \\u2014 and an \\u00e4\ndash + 1',
    );
    expect(runInNewContext(escaped)).toBe(2);
  });

  it('leaves an ASCII source as it is', async () => {
    const source = "// node_modules/undici/lib/dispatcher/pool.js\nconst a = '\\u00e4';";
    expect(await asciiOnly(source)).toBe(source);
  });

  it('stops the build at a line separator, which escaping would move out of a comment', async () => {
    await expect(asciiOnly('// one\u2028globalThis.two = 2;')).rejects.toThrow(/would change code/);
  });

  it("stops the build at a tagged template's raw text, which an escape would change", async () => {
    await expect(asciiOnly('export const word = String.raw`café`;')).rejects.toThrow(/would change code/);
  });
});
