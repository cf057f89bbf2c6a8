import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Exchange } from '../pipeline/exchange.js';
import { type AnswerSink, type HeadHandler, Relay } from './relay.js';
import type { UpstreamService } from './upstream.js';

/** Chooses where an answer's body goes once its head is known (and may answer the client). */
export type SinkChooser = (ex: Exchange, status: number, headers: IncomingHttpHeaders) => AnswerSink;

/** Reports an upstream answer's status and time to the metrics. */
export type UpstreamObserver = (service: string, outcome: string, seconds: number) => void;

/**
 * One attempt at streaming a request to its upstream: what the service's guard starts, and what
 * the relay hands the answer's head to. A plain object per attempt, so the hottest path allocates
 * no closures for the guard or the relay.
 */
export class ForwardedCall implements HeadHandler {
  readonly #startedAt = performance.now();

  constructor(
    private readonly ex: Exchange,
    private readonly service: UpstreamService,
    private readonly options: Dispatcher.DispatchOptions,
    private readonly chooseSink: SinkChooser,
    private readonly observe: UpstreamObserver,
  ) {}

  start(): Promise<number> {
    const relay = new Relay(this);
    this.ex.upstreamCall = relay;
    this.service.pool.dispatch(this.options, relay);
    return relay.done;
  }

  onHead(status: number, headers: IncomingHttpHeaders): AnswerSink {
    const upstreamMs = performance.now() - this.#startedAt;
    this.ex.upstreamMs = upstreamMs;
    this.observe(this.service.name, String(status), upstreamMs / 1000);
    return this.chooseSink(this.ex, status, headers);
  }
}
