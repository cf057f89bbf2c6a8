import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { type AccessLine, AccessLog } from './access-log.js';

/** A pino logger set up as createLogger does, writing into memory. */
function capturing(level = 'info') {
  const lines: string[] = [];
  const destination = { write: (text: string) => lines.push(text) };
  const logger = pino(
    { level, base: { service: 'proxy' }, formatters: { level: (label: string) => ({ level: label }) } },
    destination,
  );
  return { logger, destination, lines };
}

const line: AccessLine = {
  requestId: 'req-1',
  method: 'GET',
  route: '/app/tasks',
  status: 200,
  durationMs: 1.25,
  upstreamMs: 0.5,
  userId: '42',
  client: '10.0.0.1',
};

describe('AccessLog', () => {
  it('writes the line pino would write for the same fields, in the same order', () => {
    const { logger, destination, lines } = capturing();
    const log = new AccessLog(logger, destination);
    log.write(line);
    log.flush();
    logger.info({ ...line });
    const [ours, pinos] = lines.map((text) => JSON.parse(text) as Record<string, unknown>);
    delete ours.time;
    delete pinos.time;
    expect(Object.entries(ours)).toEqual(Object.entries(pinos));
  });

  it('leaves out what a request did not have, and escapes what it did', () => {
    const { logger, destination, lines } = capturing();
    const log = new AccessLog(logger, destination);
    log.write({ ...line, upstreamMs: undefined, userId: undefined, client: 'a"b' });
    log.flush();
    const written = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(written).not.toHaveProperty('upstreamMs');
    expect(written).not.toHaveProperty('userId');
    expect(written.client).toBe('a"b');
    expect(lines[0].endsWith('}\n')).toBe(true);
  });

  it('writes nothing above info', () => {
    const { logger, destination, lines } = capturing('warn');
    const log = new AccessLog(logger, destination);
    log.write(line);
    log.flush();
    expect(lines).toEqual([]);
  });

  it('hands a busy stream of lines to the destination in batches, not one write per request', () => {
    const { logger, destination, lines } = capturing();
    const log = new AccessLog(logger, destination);
    for (let i = 0; i < 100; i += 1) log.write({ ...line, requestId: `req-${i}` });
    log.flush();
    expect(lines.length).toBeLessThanOrEqual(3);
    const written = lines.join('').trimEnd().split('\n');
    expect(written.map((text) => (JSON.parse(text) as AccessLine).requestId)).toEqual(
      Array.from({ length: 100 }, (_, i) => `req-${i}`),
    );
  });

  it('writes a lone line within a fraction of a second, without waiting for a batch to fill', async () => {
    vi.useFakeTimers();
    try {
      const { logger, destination, lines } = capturing();
      new AccessLog(logger, destination).write(line);
      expect(lines).toEqual([]);
      await vi.advanceTimersByTimeAsync(150);
      expect(lines).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
