import { BlockList, isIPv6 } from 'node:net';

/**
 * Who the client is, given the socket peer and `X-Forwarded-For`. The header is believed only
 * as far as it was written by proxies we trust (`TRUSTED_PROXIES`), read from the right, so a
 * client cannot pick its own rate-limit bucket (CONTRACT §9 S3).
 */
export class ClientAddressResolver {
  readonly #trusted = new BlockList();

  constructor(trusted: readonly string[]) {
    for (const entry of trusted) {
      const [address, bits] = entry.split('/');
      const type = isIPv6(address) ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.#trusted.addAddress(address, type);
      else this.#trusted.addSubnet(address, Number(bits), type);
    }
  }

  isTrusted(address: string): boolean {
    try {
      return this.#trusted.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
    } catch {
      return false;
    }
  }

  /** Returns the client address and the `X-Forwarded-For` value to send upstream. */
  resolve(
    peer: string | undefined,
    forwardedFor: string | string[] | undefined,
  ): { address: string; forwardedFor: string } {
    const socketAddress = unmap(peer ?? '');
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
    if (!header || !this.isTrusted(socketAddress))
      return { address: socketAddress, forwardedFor: socketAddress };
    const chain = header
      .split(',')
      .map((hop) => unmap(hop.trim()))
      .filter(Boolean);
    let client = socketAddress;
    for (let i = chain.length - 1; i >= 0; i--) {
      client = chain[i];
      if (!this.isTrusted(client)) break;
    }
    return { address: client, forwardedFor: `${chain.join(', ')}, ${socketAddress}` };
  }
}

function unmap(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
