import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP, isIPv6 } from 'node:net';

/** Who the client is and how it reached us, as far as trusted proxies vouch for it. */
export interface ClientAddress {
  /** The client's address; rate limits and logs key on it. */
  address: string;
  /** `X-Forwarded-For` to send upstream: the trusted chain plus our peer. */
  forwardedFor: string;
  /** The scheme the client used: a trusted proxy's `X-Forwarded-Proto`, else our own socket's. */
  proto: 'http' | 'https';
  /** The host the client asked for: a trusted proxy's `X-Forwarded-Host`, else `Host` (`:authority` in HTTP/2). */
  host: string | undefined;
}

/** HTTP/2 carries the host as `:authority`, HTTP/1.1 as `Host`. */
function requestedHost(headers: IncomingHttpHeaders): string | undefined {
  const host = headers.host ?? headers[':authority'];
  return typeof host === 'string' ? host : undefined;
}

const hostPattern = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

const maxRememberedVerdicts = 4096;

/**
 * Resolves the client behind the socket peer. Forwarding headers are believed only as far as
 * they were written by proxies we trust (`TRUSTED_PROXIES`), read from the right, so a client
 * cannot pick its own rate-limit bucket or claim another scheme or host (CONTRACT §9 S3).
 */
export class ClientAddressResolver {
  readonly #trusted = new BlockList();
  /** `BlockList.check` builds a SocketAddress per call; peers repeat (load balancers, keep-alive). */
  readonly #verdicts = new Map<string, boolean>();

  constructor(trusted: readonly string[]) {
    for (const entry of trusted) {
      const [address, bits] = entry.split('/');
      const type = isIPv6(address) ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.#trusted.addAddress(address, type);
      else this.#trusted.addSubnet(address, Number(bits), type);
    }
  }

  isTrusted(address: string): boolean {
    let trusted = this.#verdicts.get(address);
    if (trusted === undefined) {
      const family = isIP(address);
      trusted = family !== 0 && this.#trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
      if (this.#verdicts.size >= maxRememberedVerdicts) this.#verdicts.clear();
      this.#verdicts.set(address, trusted);
    }
    return trusted;
  }

  resolve(peer: string | undefined, headers: IncomingHttpHeaders, encrypted: boolean): ClientAddress {
    const socketAddress = unmap(peer ?? '');
    const ownProto = encrypted ? 'https' : 'http';
    if (!this.isTrusted(socketAddress)) {
      return {
        address: socketAddress,
        forwardedFor: socketAddress,
        proto: ownProto,
        host: requestedHost(headers),
      };
    }
    const { address, forwardedFor } = this.#walkChain(socketAddress, headers['x-forwarded-for']);
    const claimedProto = firstValue(headers['x-forwarded-proto'])?.toLowerCase();
    const claimedHost = firstValue(headers['x-forwarded-host']);
    return {
      address,
      forwardedFor,
      proto: claimedProto === 'https' || claimedProto === 'http' ? claimedProto : ownProto,
      host: claimedHost && hostPattern.test(claimedHost) ? claimedHost : requestedHost(headers),
    };
  }

  /** The rightmost address no trusted proxy accounts for is the client; anything left of it is hearsay. */
  #walkChain(socketAddress: string, header: string | string[] | undefined) {
    const joined = Array.isArray(header) ? header.join(',') : header;
    if (!joined) return { address: socketAddress, forwardedFor: socketAddress };
    const chain = joined
      .split(',')
      .map((hop) => unmap(hop.trim()))
      .filter(Boolean);
    let client = socketAddress;
    for (let i = chain.length - 1; i >= 0; i--) {
      if (isIP(chain[i]) === 0) break;
      client = chain[i];
      if (!this.isTrusted(client)) break;
    }
    return { address: client, forwardedFor: `${chain.join(', ')}, ${socketAddress}` };
  }
}

function firstValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0].trim() || undefined;
}

function unmap(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
