import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import * as undici from 'undici';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const bundle = readFileSync(new URL('../dist/bundle/proxy.js', import.meta.url), 'utf8');
const parts = require('./undici-entry.cjs') as Pick<typeof undici, 'Pool' | 'errors'>;

describe("the proxy bundle's undici", () => {
  it("is undici's own Pool and errors, not copies", () => {
    expect(parts.Pool).toBe(undici.Pool);
    expect(parts.errors).toBe(undici.errors);
  });

  it('gives a pool request(), as the full package does', async () => {
    const server = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const pool = new parts.Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const response = await pool.request({ method: 'GET', path: '/' });
      expect(await response.body.text()).toBe('ok');
    } finally {
      await pool.close();
      server.close();
    }
  });

  it('leaves fetch, WebSocket and the mocks out of the built bundle', () => {
    expect(bundle).toContain('// node_modules/undici/lib/dispatcher/pool.js');
    for (const left of ['lib/web/fetch/index.js', 'lib/web/websocket/websocket.js', 'lib/mock/mock-agent.js'])
      expect(bundle).not.toContain(`// node_modules/undici/${left}`);
  });
});

describe("the proxy bundle's ioredis", () => {
  it('is bundled, and evaluated only when a Redis client is first made', () => {
    expect(bundle).toContain('// node_modules/ioredis/built/Redis.js');
    // esbuild wraps a bundled CommonJS module in a function that runs at its first require.
    expect(bundle).toMatch(/function ioredis\(\) \{\s+return require_\w+\(\);\s+\}/);
  });
});

describe('the proxy bundle', () => {
  it('is ASCII only, so V8 holds its source one byte per character', () => {
    expect(bundle).not.toMatch(/[\u0080-\uffff]/);
  });
});
