import { entryName } from '../cache/entry.js';
import { type Answer, type ResponseCache, wantsFresh } from '../cache/index.js';
import { describeFailure, sendLoaded } from '../cache/respond.js';
import type { Exchange } from '../pipeline/exchange.js';
import type { AggregateRouteSpec } from '../routes/table.js';
import { Deadline } from './deadline.js';
import {
  type AggregateDefinition,
  type AggregatePart,
  acceptedParams,
  aggregates,
  partQuery,
} from './definitions.js';
import { asJsonText, buildEnvelope, envelopeAnswer, type PartError, type PartOutcome } from './envelope.js';

export interface AggregatorSettings {
  /** Each part's own budget. */
  partTimeoutMs: number;
  /** The whole aggregate's budget, parts and cache included. */
  timeoutMs: number;
}

/**
 * Serves the aggregate routes: parts fetched in parallel through the response cache (per part,
 * with the caller's identity, under each upstream's breaker), so an aggregate takes as long as
 * its slowest part. The assembled envelope is cached per user too, and invalidated with the
 * user's cache. A client that leaves aborts the parts still in flight.
 */
export class Aggregator {
  constructor(
    private readonly cache: ResponseCache,
    private readonly settings: AggregatorSettings,
    private readonly definitions: Record<string, AggregateDefinition> = aggregates,
  ) {}

  async serve(ex: Exchange, spec: AggregateRouteSpec): Promise<void> {
    const definition = this.definitions[spec.aggregate];
    if (definition.shape === 'pass-through') {
      const [part] = definition.parts;
      const signal = AbortSignal.any([ex.abort.signal, AbortSignal.timeout(this.settings.partTimeoutMs)]);
      return this.cache.serve(ex, { service: part.service, path: part.path, type: part.cache }, signal);
    }
    const query = partQuery(ex.query, acceptedParams(definition));
    try {
      const loaded = await this.cache.load({
        userId: ex.identity!.userId,
        type: definition.cache,
        name: entryName(`aggregate/${spec.aggregate}`, query),
        bypass: wantsFresh(ex),
        signal: ex.abort.signal,
        produce: (signal) => this.#assemble(ex, definition, query, signal),
      });
      sendLoaded(ex, loaded);
    } catch (error) {
      // Parts never throw; only a caller who left ends the assembly early.
      if (!ex.abort.signal.aborted) throw error;
      ex.res.destroy();
    }
  }

  async #assemble(ex: Exchange, definition: AggregateDefinition, query: string, signal: AbortSignal) {
    // Every part starts now, so a part's own budget and the aggregate's end together, at the
    // shorter of the two: one deadline serves all parts, where a signal pair per part
    // (AbortSignal.any over AbortSignal.timeout) cost a sixth of a dashboard's CPU, collections
    // included.
    const { partTimeoutMs, timeoutMs } = this.settings;
    const deadline = new Deadline(signal, Math.min(partTimeoutMs, timeoutMs));
    try {
      const outcomes = await Promise.all(
        definition.parts.map((part) =>
          this.#fetchPart(ex, part, partQuery(query, part.query), deadline.signal),
        ),
      );
      // Every part ended because the caller left: there is no one to answer, nothing to store.
      if (signal.aborted) throw signal.reason;
      return envelopeAnswer(buildEnvelope(definition, outcomes));
    } finally {
      deadline.release();
    }
  }

  async #fetchPart(
    ex: Exchange,
    part: AggregatePart,
    query: string,
    signal: AbortSignal,
  ): Promise<PartOutcome> {
    try {
      const { answer } = await this.cache.fetch(
        ex,
        { service: part.service, path: part.path, type: part.cache },
        query,
        signal,
      );
      return partOutcome(answer);
    } catch (error) {
      // Its own timeout, the aggregate's deadline, or the caller leaving: the part ran out of time.
      const failure = signal.aborted ? undefined : describeFailure(part.service, error);
      return { ok: false, error: partError(failure?.code ?? 'upstream_timeout') };
    }
  }
}

function partOutcome(answer: Answer): PartOutcome {
  if (answer.status < 200 || answer.status >= 300)
    return {
      ok: false,
      error: partError('upstream_error', `The upstream answered ${answer.status}.`, answer.status),
    };
  const json = asJsonText(answer.body.toString('utf8'));
  if (json !== undefined) return { ok: true, json };
  return { ok: false, error: partError('upstream_error', 'The upstream answer is not JSON.', answer.status) };
}

const defaultMessages: Record<PartError['error'], string> = {
  upstream_error: 'The upstream answered with an error.',
  upstream_timeout: 'The part did not answer in time.',
  upstream_unavailable: 'The upstream service could not be reached.',
  upstream_circuit_open: 'The upstream service is failing; the gateway is not calling it for now.',
};

function partError(error: PartError['error'], message?: string, status?: number): PartError {
  return { error, message: message ?? defaultMessages[error], ...(status === undefined ? {} : { status }) };
}
