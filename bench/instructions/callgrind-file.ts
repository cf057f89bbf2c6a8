/** One callgrind dump: its total and each function's own (exclusive) instruction count. */
export interface CallgrindDump {
  totalInstructions: number;
  /** Function name → instructions spent in the function itself, callees excluded. */
  selfInstructions: Map<string, number>;
  /** Function name → the object (binary or library) it was found in, `???` for JIT code. */
  objects: Map<string, string>;
  /** Callee → caller → the instructions the callee (and what it called) spent on that caller's calls. */
  callers: Map<string, Map<string, number>>;
}

/** Name compression: `(12) name` defines id 12, a later `(12)` refers to it. */
class NameTable {
  readonly #names = new Map<string, string>();

  resolve(spec: string): string {
    const match = /^\((\d+)\)(?: (.*))?$/.exec(spec.trim());
    if (!match) return spec.trim();
    const [, id = '', name] = match;
    if (name !== undefined) this.#names.set(id, name);
    return this.#names.get(id) ?? spec.trim();
  }
}

const costLine = /^[0-9+\-*]/;

/**
 * Parses callgrind's output format (valgrind.org/docs/manual/cl-format.html). The cost line after
 * a `calls=` line is the call's inclusive cost, which belongs to the callee: it is skipped, so
 * what remains under each `fn=` is the function's own cost.
 */
export function parseCallgrindDump(text: string): CallgrindDump {
  const objects = new NameTable();
  const functions = new NameTable();
  const selfInstructions = new Map<string, number>();
  const objectOf = new Map<string, string>();
  const callers = new Map<string, Map<string, number>>();
  let totalInstructions = 0;
  let object = '???';
  let current = '';
  let callee = '';
  let afterCall = false;
  for (const line of text.split('\n')) {
    if (costLine.test(line)) {
      const instructions = instructionsOf(line);
      if (afterCall) {
        afterCall = false;
        const edges = callers.get(callee) ?? new Map<string, number>();
        edges.set(current, (edges.get(current) ?? 0) + instructions);
        callers.set(callee, edges);
      } else selfInstructions.set(current, (selfInstructions.get(current) ?? 0) + instructions);
      continue;
    }
    const equals = line.indexOf('=');
    const key = equals > 0 ? line.slice(0, equals) : '';
    const value = line.slice(equals + 1);
    if (key === 'ob') object = objects.resolve(value);
    else if (key === 'cob') objects.resolve(value);
    else if (key === 'cfn') callee = functions.resolve(value);
    else if (key === 'fn') {
      current = functions.resolve(value);
      if (!objectOf.has(current)) objectOf.set(current, object);
    } else if (key === 'calls') afterCall = true;
    else if (line.startsWith('totals:')) totalInstructions = Number(line.slice(7).trim().split(/\s+/)[0]);
  }
  return { totalInstructions, selfInstructions, objects: objectOf, callers };
}

/** A cost line is `<position> <Ir> [...]` with `events: Ir`: the second field. */
function instructionsOf(line: string): number {
  const fields = line.split(' ');
  return Number(fields[1] ?? 0) || 0;
}
