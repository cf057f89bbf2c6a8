import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { asciiOnly } from './ascii-only.js';

/**
 * Bundles the built proxy (`dist/proxy/main.js`) and its dependencies into one file,
 * `dist/bundle/proxy.js`, which the image runs: resolving and reading a few hundred module files
 * was most of the proxy's start-up. ioredis is bundled but evaluated only on first use, so a
 * proxy without Redis does not pay for it.
 */
const dist = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));
const undiciEntry = fileURLToPath(new URL('../../scripts/undici-entry.cjs', import.meta.url));

/**
 * `undici` resolves to the parts of it the proxy uses (scripts/undici-entry.cjs); its modules stay
 * undici's.
 */
const undiciParts: Plugin = {
  name: 'undici-parts',
  setup(bundle) {
    bundle.onResolve({ filter: /^undici$/ }, () => ({ path: undiciEntry }));
  },
};

/**
 * proxy/cache/ioredis-module.js loads ioredis through `createRequire`, which esbuild cannot follow.
 * In the bundle the module becomes a plain `require`, which esbuild bundles as a CommonJS module
 * evaluated at its first call: the same laziness, without reading ioredis file by file.
 */
const ioredisOnFirstUse: Plugin = {
  name: 'ioredis-on-first-use',
  setup(bundle) {
    bundle.onLoad({ filter: /[\\/]proxy[\\/]cache[\\/]ioredis-module\.js$/ }, () => ({
      contents: "export function ioredis() { return require('ioredis'); }",
      loader: 'js',
    }));
  },
};

const bundled = await build({
  entryPoints: [dist('proxy/main.js')],
  outfile: dist('bundle/proxy.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [undiciParts, ioredisOnFirstUse],
  // Bundled CommonJS packages call `require` for Node's built-ins; ESM output has none of its own.
  banner: {
    js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);",
  },
  logLevel: 'warning',
  write: false,
});
for (const file of bundled.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, await asciiOnly(file.text));
}
