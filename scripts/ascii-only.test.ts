import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asciiOnly } from './ascii-only.js';

describe('asciiOnly', () => {
  it('escapes what esbuild leaves in comments, and the code means the same', () => {
    const source = '/* a § sign */ const dash = 1; // an em dash — and an ä\ndash + 1';
    const escaped = asciiOnly(source);
    expect(escaped).toBe(
      '/* a \\u00a7 sign */ const dash = 1; // an em dash \\u2014 and an \\u00e4\ndash + 1',
    );
    expect(runInNewContext(escaped)).toBe(2);
  });

  it('leaves an ASCII source as it is', () => {
    const source = "// node_modules/undici/lib/dispatcher/pool.js\nconst a = '\\u00e4';";
    expect(asciiOnly(source)).toBe(source);
  });

  it('stops the build at a line separator, which escaping would move out of a comment', () => {
    expect(() => asciiOnly('// one\u2028two()')).toThrow(/line separator/);
  });
});
