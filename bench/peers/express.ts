import { Agent } from 'node:http';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { announceReady } from './payload.js';

/**
 * The other Node peer the issue names: express 5 with http-proxy-middleware 3, `/bff/app/*` →
 * `UPSTREAM_URL/api/*`. Given a keep-alive agent: without one, http-proxy opens (and closes) an
 * upstream connection per request, which would measure TCP set-up rather than the proxy.
 */
const upstream = process.env.UPSTREAM_URL;
if (!upstream) throw new Error('UPSTREAM_URL is required');
const app = express();
app.use(
  createProxyMiddleware({
    target: upstream,
    pathFilter: '/bff/app',
    pathRewrite: { '^/bff/app': '/api' },
    agent: new Agent({ keepAlive: true, maxSockets: 64 }),
  }),
);
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  announceReady(typeof address === 'object' && address ? address.port : 0);
});
