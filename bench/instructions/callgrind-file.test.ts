import { describe, expect, it } from 'vitest';
import { parseCallgrindDump } from './callgrind-file.js';

const dump = `# callgrind format
version: 1
positions: line
events: Ir
summary: 18446744073651243025

ob=(2) /usr/bin/node
fl=(67) uv/src/strscpy.c
fn=(10200) uv__strscpy
25 8
+3 240

fn=(5222) uv__io_start
904 128
cfn=(10200)
calls=2 25
+1 248
-1 32

ob=(3) ???
fn=(7) 0x000000000d157f80
0 500
fn=(5222)
+2 10

totals: 918
`;

describe('parseCallgrindDump', () => {
  const parsed = parseCallgrindDump(dump);

  it('reads the total from the totals line, not the summary that overflowed', () => {
    expect(parsed.totalInstructions).toBe(918);
  });

  it("gives each function its own cost and leaves a call's inclusive cost to the callee", () => {
    expect(parsed.selfInstructions.get('uv__strscpy')).toBe(248);
    expect(parsed.selfInstructions.get('uv__io_start')).toBe(128 + 32 + 10);
  });

  it('records what each call cost, callees included, under the callee and its caller', () => {
    expect(parsed.callers.get('uv__strscpy')).toEqual(new Map([['uv__io_start', 248]]));
  });

  it('resolves compressed names and remembers the object a function was first found in', () => {
    expect(parsed.selfInstructions.get('0x000000000d157f80')).toBe(500);
    expect(parsed.objects.get('0x000000000d157f80')).toBe('???');
    expect(parsed.objects.get('uv__io_start')).toBe('/usr/bin/node');
  });
});
