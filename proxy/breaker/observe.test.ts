import { Writable } from 'node:stream';
import pino from 'pino';
import { Gauge, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { BreakerSet } from './index.js';
import { observeBreakers } from './observe.js';

let set: BreakerSet | undefined;
afterEach(() => set?.close());

function observed() {
  const registry = new Registry();
  const gauge = new Gauge({
    name: 'breaker_state',
    help: 'test',
    labelNames: ['service'],
    registers: [registry],
  });
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  set = new BreakerSet({ failureThreshold: 1, resetTimeoutMs: 60_000, halfOpenMaxCalls: 1 });
  observeBreakers(set, gauge, pino({ level: 'info' }, sink));
  const stateOf = async (service: string) =>
    (await gauge.get()).values.find((value) => value.labels.service === service)?.value;
  return { breakers: set, lines, stateOf };
}

describe('observeBreakers', () => {
  it('publishes every breaker as closed from the start', async () => {
    const { stateOf } = observed();
    expect(await stateOf('auth_service')).toBe(0);
    expect(await stateOf('app_service')).toBe(0);
  });

  it('moves the gauge on each transition and logs it once', async () => {
    const { breakers, lines, stateOf } = observed();
    breakers.force('auth_service', 'OPEN');
    expect(await stateOf('auth_service')).toBe(1);
    breakers.force('auth_service', 'OPEN');
    breakers.reset('auth_service');
    expect(await stateOf('auth_service')).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((line) => [line.level, line.msg, (line.breaker as { to: string }).to])).toEqual([
      [40, 'circuit breaker transition', 'OPEN'],
      [30, 'circuit breaker transition', 'CLOSED'],
    ]);
  });
});
