import { describe, expect, it } from 'vitest';
import { attribute, BundleModules } from './origin.js';
import { jitAddress, PerfMap } from './perf-map.js';

const bundle = [
  'import x from "y";',
  '// node_modules/undici/lib/core/request.js',
  'function Request() {}',
  '// dist/proxy/pipeline/index.js',
  'function handle() {}',
].join('\n');

const bundleFile = 'file:///app/dist/bundle/proxy.js';
const modulesOf = (file: string) => (file === bundleFile ? new BundleModules(bundle) : undefined);

describe('attribute', () => {
  it('maps a bundled function back to the package esbuild wrote above it', () => {
    expect(attribute(`JS:*Request ${bundleFile}:3:10`, '???', modulesOf)).toEqual({
      name: 'Request node_modules/undici/lib/core/request.js:3',
      origin: 'undici',
    });
  });

  it('reads the module of a build whose node_modules is a symbolic link esbuild resolved', () => {
    const linked = new BundleModules(
      '// ../../work/main/node_modules/undici/lib/core/util.js\nfunction parseHeaders() {}',
    );
    expect(
      attribute('JS:*parseHeaders file:///tmp/base/dist/bundle/proxy.js:2:1', '???', () => linked),
    ).toEqual({
      name: 'parseHeaders node_modules/undici/lib/core/util.js:2',
      origin: 'undici',
    });
  });

  it("counts the gateway's own modules as the gateway, whatever the compilation tier", () => {
    expect(attribute(`JS:~handle ${bundleFile}:5:1`, '???', modulesOf).origin).toBe('gateway');
    expect(attribute(`JS:*handle ${bundleFile}:5:1`, '???', modulesOf).name).toBe(
      attribute(`JS:^handle ${bundleFile}:5:1`, '???', modulesOf).name,
    );
  });

  it("tells node's JavaScript, V8, regular expressions, node's C++ and libc apart", () => {
    expect(attribute('JS:*processHeader node:_http_outgoing:546:23', '???', modulesOf).origin).toBe(
      'node (JavaScript)',
    );
    expect(attribute('Builtins_LoadIC', '/usr/bin/node', modulesOf).origin).toBe('V8');
    expect(
      attribute('void v8::internal::String::WriteToFlat<unsigned char>()', '/usr/bin/node', modulesOf).origin,
    ).toBe('V8');
    expect(attribute('RegExp:^[a-z]+$', '???', modulesOf).origin).toBe('regular expressions');
    expect(attribute('llhttp__internal_execute', '/usr/bin/node', modulesOf).origin).toBe('node (C++)');
    expect(attribute("Builtins_CallFunction'2", '/usr/bin/node', modulesOf).name).toBe(
      'Builtins_CallFunction',
    );
    expect(
      attribute('node::(anonymous namespace)::PlatformWorkerThread(void*)', '/usr/bin/node', modulesOf)
        .origin,
    ).toBe('V8 threads (GC, compiler)');
    expect(attribute('_int_malloc', '/usr/lib/x86_64-linux-gnu/libc.so.6', modulesOf).origin).toBe('libc');
  });
});

describe('PerfMap', () => {
  const map = new PerfMap(
    '1000 100 JS:*old file:///a.js:1:1\n2000 40 RegExp:^a$\n1000 80 JS:*new file:///a.js:9:1\n',
  );

  it('names an address by the code object that covers it', () => {
    expect(map.nameOf(0x2010)).toBe('RegExp:^a$');
    expect(map.nameOf(0x3000)).toBeUndefined();
  });

  it('gives an address V8 reused to the newer code, and the old tail to the old code', () => {
    expect(map.nameOf(0x1010)).toBe('JS:*new file:///a.js:9:1');
    expect(map.nameOf(0x1090)).toBe('JS:*old file:///a.js:1:1');
  });

  it("reads callgrind's name for code without a symbol as an address", () => {
    expect(jitAddress('0x000000000d157f80')).toBe(0xd157f80);
    expect(jitAddress('uv__io_start')).toBeUndefined();
  });
});
