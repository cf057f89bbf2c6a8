import { type ClientHttp2Session, connect } from 'node:http2';
import type { HttpTarget, LoadShape } from './http1.js';
import { Latencies, type LoadResult } from './latencies.js';

/** Streams kept open per HTTP/2 session; `connections` in the shape is the total across sessions. */
const streamsPerSession = 16;

/**
 * HTTP/2 (h2c, prior knowledge) load with node's own client, for machines without h2load:
 * sessions each keep `streamsPerSession` requests in flight until the time is up, or until
 * `requests` have been sent.
 */
export async function runHttp2(target: HttpTarget, shape: LoadShape): Promise<LoadResult> {
  const url = new URL(target.url);
  const sessionCount = Math.max(1, Math.round(shape.connections / streamsPerSession));
  const sessions = await Promise.all(Array.from({ length: sessionCount }, () => open(url.origin)));
  const latencies = new Latencies();
  let failures = 0;
  const failureKinds: Record<string, number> = {};
  const deadline = performance.now() + shape.seconds * 1000;
  let unsent = shape.requests ?? 0;
  const more = shape.requests ? () => unsent-- > 0 : () => performance.now() < deadline;
  const headers = { ':method': target.method, ':path': url.pathname + url.search, ...target.headers };

  const loop = async (session: ClientHttp2Session) => {
    while (more()) {
      const started = performance.now();
      const status = await once(session, headers, target.body);
      if (status >= 200 && status < 300) latencies.record(performance.now() - started);
      else {
        failures += 1;
        const kind = status === 0 ? 'error' : String(status);
        failureKinds[kind] = (failureKinds[kind] ?? 0) + 1;
      }
    }
  };
  const started = performance.now();
  await Promise.all(
    sessions.flatMap((session) => Array.from({ length: streamsPerSession }, () => loop(session))),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const session of sessions) session.close();
  const [p50Ms, p99Ms] = latencies.percentiles(50, 99);
  return { responses: latencies.count, failures, failureKinds, seconds, p50Ms, p99Ms };
}

function open(origin: string): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = connect(origin);
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

/** One request; resolves with its status (0 on a stream error) once the body has been read. */
function once(session: ClientHttp2Session, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve) => {
    const stream = session.request(headers, { endStream: body === undefined });
    let status = 0;
    stream.on('response', (received) => {
      status = Number(received[':status']);
    });
    stream.on('data', () => undefined);
    stream.on('end', () => resolve(status));
    stream.on('error', () => resolve(0));
    if (body !== undefined) stream.end(body);
  });
}
