import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DroppedLines } from './dropped-lines.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real asynchronous destination, as `createLogger` makes it, writing to a file. */
function bufferedLogger(maxLength: number) {
  const dir = mkdtempSync(join(tmpdir(), 'dropped-lines-'));
  dirs.push(dir);
  const file = join(dir, 'log');
  const destination = pino.destination({ dest: file, sync: false, maxLength });
  const logger = pino({ base: null, timestamp: false }, destination);
  const dropped = new DroppedLines(logger, destination);
  const drained = () => new Promise((resolve) => destination.once('drain', resolve));
  const lines = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, destination, dropped, drained, lines };
}

describe('DroppedLines', () => {
  it('counts the lines a full buffer drops and keeps the ones that fit', async () => {
    const { logger, destination, dropped, drained, lines } = bufferedLogger(2_048);
    // One write is in flight at a time; the lines logged before it ends wait in the buffer.
    for (let n = 0; n < 200; n += 1) logger.info({ n }, 'a line of about sixty bytes');
    expect(dropped.total).toBeGreaterThan(150);
    await drained();
    await drained();
    destination.flushSync();
    const kept = lines().filter((line) => typeof line.n === 'number');
    expect(kept.length + dropped.total).toBe(200);
  });

  it('says how many lines were lost in one warning once the backlog is written', async () => {
    const { logger, destination, dropped, drained, lines } = bufferedLogger(2_048);
    for (let n = 0; n < 200; n += 1) logger.info({ n }, 'a line of about sixty bytes');
    const lost = dropped.total;
    await drained();
    await drained();
    destination.flushSync();
    const warnings = lines().filter((line) => line.droppedLines !== undefined);
    expect(warnings).toEqual([
      { level: 40, droppedLines: lost, msg: 'log output fell behind its reader: lines were dropped' },
    ]);
  });

  it('drops nothing and warns of nothing while the reader keeps up', async () => {
    const { logger, destination, dropped, drained, lines } = bufferedLogger(2_048);
    for (let n = 0; n < 20; n += 1) {
      logger.info({ n }, 'a line of about sixty bytes');
      await drained();
    }
    destination.flushSync();
    expect(dropped.total).toBe(0);
    expect(lines()).toHaveLength(20);
  });
});
