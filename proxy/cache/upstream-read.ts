import { fetchBuffered } from '../forward/fetch.js';
import type { Forwarder, UpstreamObserver } from '../forward/index.js';
import {
  CircuitOpenError,
  classifyUpstreamError,
  failedBeforeSending,
  type Upstreams,
} from '../forward/upstream.js';
import type { Exchange } from '../pipeline/exchange.js';
import type { ServiceName } from '../routes/table.js';
import type { Answer } from './entry.js';

/**
 * A client's conditional headers would make the upstream answer 304 for that client alone; an
 * answer that is cached or shared with coalesced requests must be the whole 200.
 */
const clientOnlyHeaders = ['if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since'];

/**
 * Reads a GET from an upstream in full, with the headers the forwarder would send (identity,
 * auth cookies, request id) but no compression, under the service's guard (its breaker).
 */
export class UpstreamReader {
  constructor(
    private readonly upstreams: Upstreams,
    private readonly forwarder: Forwarder,
    private readonly observe: UpstreamObserver,
  ) {}

  async read(ex: Exchange, serviceName: ServiceName, path: string, query: string, signal: AbortSignal) {
    const service = this.upstreams[serviceName];
    const headers = this.forwarder.headersFor(ex, false);
    for (const name of clientOnlyHeaders) delete headers[name];
    const request = { method: 'GET' as const, path: service.path(path, query), headers, signal };
    const attempt = async (): Promise<Answer> => {
      const started = performance.now();
      try {
        const answer = await fetchBuffered(service, request);
        this.observe(service.name, String(answer.status), (performance.now() - started) / 1000);
        return answer;
      } catch (error) {
        const outcome = error instanceof CircuitOpenError ? 'circuit_open' : classifyUpstreamError(error);
        if (outcome !== 'aborted') this.observe(service.name, outcome, 0);
        throw error;
      }
    };
    try {
      return await attempt();
    } catch (error) {
      // Like the forwarder: a GET that never reached the upstream is tried once more.
      if (!failedBeforeSending(error) || signal.aborted) throw error;
      return attempt();
    }
  }
}
