import { expect } from 'vitest';
import type { Session } from './session.js';

export interface Reply {
  status: number;
  xCache: string | null;
  headers: Headers;
  body: unknown;
}

/** One JSON request through the gateway as a session's browser would send it. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  session: Session | undefined,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(session ? { cookie: session.cookie } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return {
    status: response.status,
    xCache: response.headers.get('x-cache'),
    headers: response.headers,
    body,
  };
}

interface TaskRow {
  name: string;
}

export function taskNames(body: unknown): string[] {
  const payload = body as { tasks: TaskRow[] };
  return payload.tasks.map((task) => task.name);
}

/** A small seeded PRNG, so a failing interleaving can be replayed from the seed in the test name. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Many users reading and writing their tasks at once, each user's operations in order, all users
 * interleaved at random; `gateways` are used round-robin, so with several the reads cross pods.
 * Every read must show only the reader's tasks and include the reader's last write.
 */
export async function interleavedReadsAndWrites(
  gateways: string[],
  sessions: Session[],
  seed: number,
  operationsPerUser: number,
): Promise<{ reads: number; hits: number }> {
  const random = seeded(seed);
  let reads = 0;
  let hits = 0;
  let turn = 0;
  const runUser = async (session: Session, index: number) => {
    const tag = `user${index}-`;
    let lastWrite: string | undefined;
    for (let op = 0; op < operationsPerUser; op++) {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 5)));
      const gateway = gateways[turn++ % gateways.length];
      if (random() < 0.3) {
        lastWrite = `${tag}${op}`;
        const written = await call(gateway, 'POST', '/bff/app/tasks', session, { body: { name: lastWrite } });
        expect(written.status).toBe(200);
        continue;
      }
      const read = await call(gateway, 'GET', '/bff/app/tasks', session);
      expect(read.status).toBe(200);
      reads++;
      if (read.xCache === 'HIT') hits++;
      const names = taskNames(read.body);
      expect(
        names.filter((name) => !name.startsWith(tag)),
        `foreign tasks seen by ${tag}`,
      ).toEqual([]);
      if (lastWrite) expect(names, `${tag} misses its own last write`).toContain(lastWrite);
    }
  };
  await Promise.all(sessions.map((session, index) => runUser(session, index)));
  return { reads, hits };
}
