import type { ServerResponse } from 'node:http';
import { connect, constants, createServer, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answeredInFull } from './answered.js';

const closers: (() => void)[] = [];

afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/**
 * An h2c server that answers `/answer` at once and never answers `/hold`; resolves with what
 * `answeredInFull` said when the response closed.
 */
async function closedResponse(path: string, cancel: boolean): Promise<boolean> {
  let verdict!: (answered: boolean) => void;
  const said = new Promise<boolean>((resolve) => {
    verdict = resolve;
  });
  const server = createServer((req, res: Http2ServerResponse) => {
    res.on('close', () => verdict(answeredInFull(res as unknown as ServerResponse)));
    if (req.url === '/answer') res.end('done');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  closers.push(() => {
    client.destroy();
    server.close();
  });
  const stream = client.request({ ':path': path });
  stream.on('error', () => undefined);
  if (cancel) stream.on('ready', () => setTimeout(() => stream.close(constants.NGHTTP2_CANCEL), 50));
  else stream.resume();
  return said;
}

describe('answeredInFull over HTTP/2', () => {
  it('is true for an answer written to its end', async () => {
    expect(await closedResponse('/answer', false)).toBe(true);
  });

  it('is false for a stream the client cancelled before the answer, which node reports finished', async () => {
    expect(await closedResponse('/hold', true)).toBe(false);
  });
});
