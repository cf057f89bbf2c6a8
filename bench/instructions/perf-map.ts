interface CodeRange {
  start: number;
  end: number;
  name: string;
}

/**
 * Node's `--perf-basic-prof` map (`/tmp/perf-<pid>.map`): one `<hex start> <hex size> <name>` line
 * per code object V8 generated, in the order it generated them. valgrind knows JIT code only by
 * address; this names it.
 */
export class PerfMap {
  /** Latest first: an address V8 reused for newer code belongs to the newer code. */
  readonly #ranges: CodeRange[];

  constructor(text: string) {
    this.#ranges = [];
    for (const line of text.split('\n')) {
      const [start, size, ...name] = line.split(' ');
      if (!start || !size || name.length === 0) continue;
      const from = Number.parseInt(start, 16);
      this.#ranges.push({ start: from, end: from + Number.parseInt(size, 16), name: name.join(' ') });
    }
    this.#ranges.reverse();
  }

  nameOf(address: number): string | undefined {
    return this.#ranges.find((range) => range.start <= address && address < range.end)?.name;
  }
}

/** callgrind names code it has no symbol for by its address: `0x000000000d157f80`. */
export function jitAddress(functionName: string): number | undefined {
  return /^0x[0-9a-f]+$/.test(functionName) ? Number.parseInt(functionName, 16) : undefined;
}
