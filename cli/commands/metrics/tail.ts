import { setTimeout as sleep } from 'node:timers/promises';
import { Flags } from '@oclif/core';
import { ControlCommand } from '../../base-command.js';
import { ControlClientError } from '../../client/errors.js';
import { metricsLine } from '../../format/metrics.js';

export default class MetricsTail extends ControlCommand<typeof MetricsTail> {
  static override summary = 'Print the cluster totals once per interval until Ctrl-C.';
  static override description =
    'Each line: pods, requests/s, p50/p99 latency, 4xx/s and 5xx/s, cache hit ratio, rate-limited ' +
    '(429) per second, and breakers that are not CLOSED (state:pods). With --json, one summary object per line.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --interval 5s',
    '<%= config.bin %> <%= command.id %> --json | jq .total.requestsPerSecond',
  ];
  static override flags = {
    interval: Flags.string({ description: 'Time between lines (1s, 2s, 1m).', default: '2s' }),
    count: Flags.integer({ description: 'Stop after this many lines.', min: 1, hidden: true }),
  };

  async run(): Promise<void> {
    const intervalMs = this.duration('interval', this.flags.interval);
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    for (let printed = 0; !stop.signal.aborted && printed !== this.flags.count; printed++) {
      if (printed > 0) await sleep(intervalMs, undefined, { signal: stop.signal }).catch(() => undefined);
      if (stop.signal.aborted) break;
      const summary = await this.client.call('metricsSummary').catch((error: unknown) => {
        // A blip mid-incident should not end the watch; failing on the first call still tells the operator.
        if (printed === 0 || !(error instanceof ControlClientError)) throw error;
        process.stderr.write(`${error.message}\n`);
        return undefined;
      });
      if (summary)
        process.stdout.write(`${this.jsonEnabled() ? JSON.stringify(summary) : metricsLine(summary)}\n`);
    }
  }
}
