import { createServer } from 'node:http';
import { announceReady, payload, payloadHeaders } from './payload.js';

/**
 * The upstream the proxies forward to: GETs get the task list, writes get a short
 * acknowledgement once their body has arrived. `STUB_DELAY_MS` holds every answer back, for
 * the aggregate scenario whose parts must overlap, not add up.
 */
const delayMs = Number(process.env.STUB_DELAY_MS ?? 0);
const accepted = Buffer.from('{"success":true}');
const acceptedHeaders = { 'content-type': 'application/json', 'content-length': String(accepted.length) };

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const answer = () => {
    if (req.method === 'GET') {
      res.writeHead(200, payloadHeaders);
      res.end(payload);
    } else {
      res.writeHead(200, acceptedHeaders);
      res.end(accepted);
    }
  };
  req.resume();
  req.once('end', delayMs > 0 ? () => setTimeout(answer, delayMs) : answer);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  announceReady(typeof address === 'object' && address ? address.port : 0);
});
