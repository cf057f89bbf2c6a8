import { describe, expect, it } from 'vitest';
import { ClientAddressResolver } from './client-address.js';

const resolver = new ClientAddressResolver(['127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8']);

describe('ClientAddressResolver', () => {
  it('ignores X-Forwarded-For from an untrusted peer and forwards only the peer', () => {
    const client = resolver.resolve('198.51.100.7', { 'x-forwarded-for': '1.2.3.4' }, false);
    expect(client.address).toBe('198.51.100.7');
    expect(client.forwardedFor).toBe('198.51.100.7');
  });

  it('believes a trusted peer and appends it to the chain', () => {
    const client = resolver.resolve('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }, false);
    expect(client.address).toBe('203.0.113.9');
    expect(client.forwardedFor).toBe('203.0.113.9, 127.0.0.1');
  });

  it('takes the rightmost untrusted hop, so a spoofed leftmost entry does not count', () => {
    const client = resolver.resolve(
      '10.1.2.3',
      { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' },
      false,
    );
    expect(client.address).toBe('203.0.113.9');
    expect(client.forwardedFor).toBe('6.6.6.6, 203.0.113.9, 10.0.0.2, 10.1.2.3');
  });

  it('stops at a hop that is not an address rather than adopting it', () => {
    const client = resolver.resolve('127.0.0.1', { 'x-forwarded-for': 'not-an-ip, 10.0.0.5' }, false);
    expect(client.address).toBe('10.0.0.5');
  });

  it('uses the peer when a trusted proxy sent no X-Forwarded-For', () => {
    const client = resolver.resolve('10.9.9.9', {}, false);
    expect(client).toMatchObject({ address: '10.9.9.9', forwardedFor: '10.9.9.9' });
  });

  it('joins repeated X-Forwarded-For headers in order', () => {
    const client = resolver.resolve('127.0.0.1', { 'x-forwarded-for': ['203.0.113.1', '10.0.0.1'] }, false);
    expect(client.forwardedFor).toBe('203.0.113.1, 10.0.0.1, 127.0.0.1');
    expect(client.address).toBe('203.0.113.1');
  });

  it('unmaps IPv4-mapped IPv6 peers before checking trust', () => {
    const client = resolver.resolve('::ffff:127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }, false);
    expect(client.address).toBe('203.0.113.9');
    expect(client.forwardedFor).toBe('203.0.113.9, 127.0.0.1');
  });

  it('trusts IPv6 subnets', () => {
    expect(resolver.isTrusted('fd12::1')).toBe(true);
    expect(resolver.isTrusted('2001:db8::1')).toBe(false);
    expect(resolver.isTrusted('garbage')).toBe(false);
    expect(resolver.isTrusted('')).toBe(false);
  });

  it('takes scheme and host from a trusted proxy', () => {
    const client = resolver.resolve(
      '127.0.0.1',
      { host: 'bff:8000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.goalixa.com' },
      false,
    );
    expect(client).toMatchObject({ proto: 'https', host: 'app.goalixa.com' });
  });

  it('uses the first value of a multi-proxy X-Forwarded-Proto and -Host', () => {
    const client = resolver.resolve(
      '127.0.0.1',
      { 'x-forwarded-proto': 'HTTPS, http', 'x-forwarded-host': 'app.goalixa.com, bff' },
      false,
    );
    expect(client).toMatchObject({ proto: 'https', host: 'app.goalixa.com' });
  });

  it('ignores scheme and host claims from an untrusted peer', () => {
    const client = resolver.resolve(
      '198.51.100.7',
      { host: 'bff.example', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
      false,
    );
    expect(client).toMatchObject({ proto: 'http', host: 'bff.example' });
  });

  it("takes the host from HTTP/2's :authority where there is no Host", () => {
    const client = resolver.resolve('198.51.100.7', { ':authority': 'app.goalixa.com' }, true);
    expect(client).toMatchObject({ proto: 'https', host: 'app.goalixa.com' });
  });

  it('reports https for a TLS socket and rejects malformed claims from trusted proxies', () => {
    const client = resolver.resolve(
      '127.0.0.1',
      { host: 'bff.example', 'x-forwarded-proto': 'gopher', 'x-forwarded-host': 'evil.example/path' },
      true,
    );
    expect(client).toMatchObject({ proto: 'https', host: 'bff.example' });
  });
});
