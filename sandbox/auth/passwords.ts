import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Deliberately cheap scrypt cost: the sandbox only holds throw-away test users, and tests
 * register and log in many of them, so production-grade cost (N=2^15+) would only slow them down.
 */
const COST: ScryptOptions = { N: 1024, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, COST, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Stored as `salt:hash` in hex. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt);
  return `${salt.toString('hex')}:${key.toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [saltHex, keyHex] = stored.split(':');
  const expected = Buffer.from(keyHex ?? '', 'hex');
  const actual = await derive(password, Buffer.from(saltHex ?? '', 'hex'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
