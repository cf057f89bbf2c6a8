import type {
  BreakersResponse,
  MetricsSummaryResponse,
  PodsResponse,
} from '../../shared/control-api/index.js';
import type { PolicyDocument } from '../../shared/policy/schema.js';
import type { ControlClient } from '../client/control-client.js';

/** Everything one dashboard frame shows, fetched together so the panels agree with each other. */
export interface Snapshot {
  breakers: BreakersResponse;
  pods: PodsResponse;
  metrics: MetricsSummaryResponse;
  policy: PolicyDocument;
}

export async function fetchSnapshot(client: ControlClient): Promise<Snapshot> {
  const [breakers, pods, metrics, policy] = await Promise.all([
    client.call('breakers'),
    client.call('pods'),
    client.call('metricsSummary'),
    client.call('getPolicy'),
  ]);
  return { breakers, pods, metrics, policy };
}
