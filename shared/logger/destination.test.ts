import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { writeQuietlyOnceDestroyed } from './destination.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeQuietlyOnceDestroyed', () => {
  it('loses a line logged after the destination was destroyed instead of throwing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'destination-'));
    dirs.push(dir);
    const file = join(dir, 'log');
    const destination = pino.destination({ dest: file, sync: true });
    writeQuietlyOnceDestroyed(destination);
    const logger = pino({ base: null, timestamp: false }, destination);
    logger.info('before');
    destination.destroy();
    expect(() => logger.warn('after')).not.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('{"level":30,"msg":"before"}\n');
  });

  it('is what keeps that write from throwing: sonic-boom alone throws', () => {
    const dir = mkdtempSync(join(tmpdir(), 'destination-'));
    dirs.push(dir);
    const destination = pino.destination({ dest: join(dir, 'log'), sync: true });
    destination.destroy();
    expect(() => destination.write('late\n')).toThrow('SonicBoom destroyed');
  });
});
