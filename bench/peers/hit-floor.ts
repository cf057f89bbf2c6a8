import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';
import { announceReady, payload } from './payload.js';

/**
 * The hit floor: the least a cache hit can cost on node:http while still doing a hit's work, hand
 * written for this one request. The session cookie's token is looked up among tokens already
 * verified (verified with jose on first sight), the user's requests are counted against a limit,
 * the user's cached answer is looked up, the answer carries the ten headers the gateway's hit
 * carries (request id, three rate-limit headers, `Cache-Control`, `Vary`, `Content-Type`,
 * `X-Cache`, `Age`, `Content-Length`), and an access-log line is written in batches. There is no
 * route table, pipeline, metrics registry, breaker or configuration. What the gateway's memory hit
 * costs above this row is its structure; what this row costs above the bare server is the work.
 * Every cached answer is the payload, stored the first time a user asks for a path.
 */
const secret = new TextEncoder().encode(process.env.AUTH_JWT_SECRET ?? '');
const limitPerSecond = 1_000_000_000;
const logBatch = 128;
/** The gateway's default access cookie (`AUTH_ACCESS_COOKIE_NAME`), which the bench sends. */
const sessionCookie = 'goalixa_access=';

const verified = new Map<string, { userId: string; expiresAtMs: number }>();
const windows = new Map<string, { second: number; count: number }>();
const cached = new Map<string, { body: Buffer; storedAtMs: number }>();
let pendingLines: string[] = [];

function sessionToken(req: IncomingMessage): string | undefined {
  const cookie = req.headers.cookie ?? '';
  const at = cookie.indexOf(sessionCookie);
  if (at < 0) return undefined;
  const end = cookie.indexOf(';', at);
  return cookie.slice(at + sessionCookie.length, end < 0 ? undefined : end);
}

async function verify(token: string): Promise<string | undefined> {
  try {
    const { payload: claims } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
    if (claims.type !== 'access' || !claims.sub || !claims.exp) return undefined;
    verified.set(token, { userId: claims.sub, expiresAtMs: claims.exp * 1000 });
    return claims.sub;
  } catch {
    return undefined;
  }
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  userId: string,
  nowMs: number,
  startedMs: number,
): void {
  const second = Math.floor(nowMs / 1000);
  let window = windows.get(userId);
  if (!window || window.second !== second) {
    window = { second, count: 0 };
    windows.set(userId, window);
  }
  window.count++;
  const key = `${userId} ${req.url}`;
  let entry = cached.get(key);
  if (!entry) {
    entry = { body: payload, storedAtMs: nowMs };
    cached.set(key, entry);
  }
  const requestId = randomUUID();
  res.writeHead(200, {
    'x-request-id': requestId,
    'x-ratelimit-limit': limitPerSecond,
    'x-ratelimit-remaining': limitPerSecond - window.count,
    'x-ratelimit-reset': second + 1,
    'cache-control': 'private, no-store',
    vary: 'Cookie, Authorization',
    'content-type': 'application/json',
    'x-cache': 'HIT',
    age: String(Math.floor((nowMs - entry.storedAtMs) / 1000)),
    'content-length': entry.body.length,
  });
  res.end(entry.body);
  log(req, requestId, userId, nowMs, performance.now() - startedMs);
}

function log(
  req: IncomingMessage,
  requestId: string,
  userId: string,
  nowMs: number,
  durationMs: number,
): void {
  pendingLines.push(
    `{"level":"info","time":"${new Date(nowMs).toISOString()}","requestId":"${requestId}","method":"${req.method}","route":"${req.url}","status":200,"durationMs":${durationMs.toFixed(2)},"userId":"${userId}","client":"${req.socket.remoteAddress}"}\n`,
  );
  if (pendingLines.length < logBatch) return;
  process.stdout.write(pendingLines.join(''));
  pendingLines = [];
}

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const startedMs = performance.now();
  req.resume();
  const token = sessionToken(req);
  const known = token === undefined ? undefined : verified.get(token);
  const nowMs = Date.now();
  if (known && known.expiresAtMs > nowMs) {
    answer(req, res, known.userId, nowMs, startedMs);
    return;
  }
  if (token === undefined) {
    res.writeHead(401).end();
    return;
  }
  verify(token).then((userId) => {
    if (userId) answer(req, res, userId, Date.now(), startedMs);
    else res.writeHead(401).end();
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  announceReady(typeof address === 'object' && address ? address.port : 0);
});
