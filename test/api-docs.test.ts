import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../proxy/openapi/document.js';
import { version } from '../shared/version.js';
import { type ProxyProcess, startProxyProcess } from './harness/processes.js';

let proxy: ProxyProcess;

beforeAll(async () => {
  proxy = await startProxyProcess({ AUTH_ACCESS_COOKIE_NAME: 'docs_test_access' });
});

afterAll(async () => {
  await proxy?.stop();
});

describe('API documentation endpoints', () => {
  it('serves at /openapi.json, without signing in, the document built from the route table and config', async () => {
    const response = await fetch(`${proxy.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(
      buildOpenApiDocument({ version, accessCookieName: 'docs_test_access' }),
    );
  });

  it('serves /docs as one HTML page whose policy forbids loading anything from elsewhere', async () => {
    const response = await fetch(`${proxy.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(
      /^default-src 'none'; script-src 'sha256-/,
    );
    expect(await response.text()).toContain('<script>');
  });

  it('serves both only without the /bff prefix, like the other operational endpoints', async () => {
    for (const path of ['/bff/openapi.json', '/bff/docs'])
      expect((await fetch(`${proxy.url}${path}`)).status, path).toBe(404);
  });
});
