/**
 * Where a function's instructions belong: the gateway's own code, a dependency, node, V8. The
 * proxy ships as one esbuild bundle, so a JavaScript function's bundle line is mapped back to the
 * module esbuild wrote above it (`// node_modules/undici/lib/core/util.js`).
 */
export class BundleModules {
  readonly #starts: { line: number; module: string }[] = [];

  constructor(bundleText: string) {
    const lines = bundleText.split('\n');
    for (let index = 0; index < lines.length; index++) {
      const module = /^\/\/ (\S*?(?:dist|node_modules)\/\S+\.(?:js|mjs|cjs|json))$/.exec(
        lines[index] ?? '',
      )?.[1];
      if (module) this.#starts.push({ line: index + 1, module });
    }
  }

  moduleAt(line: number): string | undefined {
    let found: string | undefined;
    for (const start of this.#starts) {
      if (start.line > line) break;
      found = start.module;
    }
    return found;
  }
}

/** V8's helper threads: concurrent marking, sweeping, background compilation. */
export const backgroundThreads = 'V8 threads (GC, compiler)';

/** Generated code the perf map has no name for: V8's own stubs and trampolines, mostly. */
export const unnamedJitCode = 'JIT code without a name';

/** A JavaScript function as node's perf map names it: `JS:*name file:///path.js:line:column`. */
const jsFunction = /^JS:[*~^+]?(.*?) (\S+?):(\d+):\d+$/;

export interface Attribution {
  /** The function, its compilation tier marker dropped so tiers of one function add up. */
  name: string;
  origin: string;
}

/** Names a function and its origin from callgrind's name, object and (for JIT code) the perf map. */
export function attribute(
  symbol: string,
  object: string,
  modulesOf: (file: string) => BundleModules | undefined,
): Attribution {
  // callgrind marks a function's recursion levels ('2, '3); one function is one row.
  const name = symbol.replace(/'\d+$/, '');
  const js = jsFunction.exec(name);
  if (js) {
    const [, fn = '', file = '', line = '0'] = js;
    const module = modulesOf(file)?.moduleAt(Number(line)) ?? file;
    return { name: `${fn || '(anonymous)'} ${shortModule(module)}:${line}`, origin: originOfModule(module) };
  }
  if (name.startsWith('RegExp:')) return { name, origin: 'regular expressions' };
  if (name.includes('PlatformWorkerThread')) return { name, origin: backgroundThreads };
  if (name === unnamedJitCode) return { name, origin: 'V8' };
  if (/^(Builtins?[_:]|Stub:|BytecodeHandler:)|\bv8::/.test(name)) return { name, origin: 'V8' };
  if (/\bnode::|^(uv_|llhttp|napi_)/.test(name)) return { name, origin: 'node (C++)' };
  if (/lib(c|m|stdc\+\+|pthread)[.-]/.test(object)) return { name, origin: 'libc' };
  if (object.endsWith('/node')) return { name, origin: 'node (C++)' };
  return { name, origin: 'other' };
}

function shortModule(module: string): string {
  return module.replace(/^.*?\b(dist|node_modules)\//, '$1/');
}

function originOfModule(module: string): string {
  if (module.startsWith('node:')) return 'node (JavaScript)';
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module)?.[1];
  if (dependency) return dependency;
  return /(^|\/)dist\//.test(module) ? 'gateway' : 'other';
}
