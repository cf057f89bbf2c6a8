import httpProxy from '@fastify/http-proxy';
import Fastify from 'fastify';
import { announceReady } from './payload.js';

/** The peer to beat: fastify 5 with @fastify/http-proxy (undici), `/bff/app/*` → `UPSTREAM_URL/api/*`. */
const upstream = process.env.UPSTREAM_URL;
if (!upstream) throw new Error('UPSTREAM_URL is required');
const app = Fastify({ logger: false });
await app.register(httpProxy, { upstream, prefix: '/bff/app', rewritePrefix: '/api' });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
announceReady(typeof address === 'object' && address ? address.port : 0);
