import { Readable } from 'node:stream';
import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { limitedBody } from './body.js';
import { BodyTooLargeError } from './upstream.js';

const collect = async (body: AsyncIterable<Buffer>) => {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
};

describe('limitedBody', () => {
  it('passes every chunk through in order while the body stays within the limit', async () => {
    const body = Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]);
    expect(await collect(limitedBody(body, 7))).toBe('{"a":1}');
  });

  it('fails with BodyTooLargeError as soon as the bytes pass the limit', async () => {
    const body = Readable.from([Buffer.from('12345'), Buffer.from('678')]);
    await expect(collect(limitedBody(body, 7))).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('fails as an aborted request when the client breaks off its body', async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.from('partial'));
    setImmediate(() => body.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    await expect(collect(limitedBody(body, 1000))).rejects.toBeInstanceOf(errors.RequestAbortedError);
  });
});
