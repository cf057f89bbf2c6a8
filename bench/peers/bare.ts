import { createServer } from 'node:http';
import { announceReady, payload, payloadHeaders } from './payload.js';

/** The Node ceiling: node:http answering every request with the payload, nothing else. */
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.resume();
  res.writeHead(200, payloadHeaders);
  res.end(payload);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  announceReady(typeof address === 'object' && address ? address.port : 0);
});
