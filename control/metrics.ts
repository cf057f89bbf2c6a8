import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** Control's own Prometheus registry. */
export class ControlMetrics {
  readonly registry = new Registry();
  readonly policyVersion = new Gauge({
    name: 'bff_control_policy_version',
    help: 'Version of the policy document stored in Redis, as control last saw it.',
    registers: [this.registry],
  });
  readonly apiRequests = new Counter({
    name: 'bff_control_api_requests_total',
    help: 'Admin API requests, by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly pubsubMessages = new Counter({
    name: 'bff_control_pubsub_messages_total',
    help: 'Pub/sub messages, by channel and direction (published or received).',
    labelNames: ['channel', 'direction'] as const,
    registers: [this.registry],
  });

  constructor(version: string, countLivePods: () => Promise<number>) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'bff_control_pods_live',
      help: 'Proxy pods with a live heartbeat key, counted at scrape time.',
      registers: [this.registry],
      async collect() {
        this.set(await countLivePods().catch(() => 0));
      },
    });
    new Gauge({
      name: 'bff_control_build_info',
      help: 'Build information; always 1.',
      labelNames: ['version'] as const,
      registers: [this.registry],
    }).set({ version }, 1);
  }
}
