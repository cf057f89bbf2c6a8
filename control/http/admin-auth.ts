import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks `Authorization: Bearer <token>` in constant time: both sides are hashed first, so neither
 * the content nor the length of the expected token leaks through timing.
 */
export class AdminAuth {
  readonly #expected: Buffer;

  constructor(token: string) {
    this.#expected = digest(token);
  }

  allows(authorization: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const presented = digest(match ? match[1] : '');
    return timingSafeEqual(presented, this.#expected);
  }
}
