import { errorCatalogue } from '../../shared/errors/catalogue.js';
import type { Answer } from '../cache/index.js';
import type { AggregateDefinition } from './definitions.js';

export interface PartError {
  error: 'upstream_error' | 'upstream_timeout' | 'upstream_unavailable' | 'upstream_circuit_open';
  message: string;
  /** The upstream's status, when it answered. */
  status?: number;
}

/** An upstream's JSON answer as it came, parsed once to prove it is JSON: spliced in, not re-serialised. */
export type JsonText = string & { readonly validJson: unique symbol };

/** The text when it is JSON; undefined when it is not. */
export function asJsonText(text: string): JsonText | undefined {
  try {
    JSON.parse(text);
    return text as JsonText;
  } catch {
    return undefined;
  }
}

export type PartOutcome = { ok: true; json: JsonText } | { ok: false; error: PartError };

export type AggregateStatus = 'success' | 'partial' | 'error';

/** The envelope of CONTRACT §3 as fixed by §9 C6: a map of errors by part, `null` for every failed part. */
export interface Envelope {
  status: AggregateStatus;
  data: Record<string, JsonText | null>;
  errors: Record<string, PartError>;
  timestamp: string;
}

/** A required part failed, or every part did: there is nothing honest to show. */
export function statusOf(definition: AggregateDefinition, outcomes: readonly PartOutcome[]): AggregateStatus {
  if (outcomes.every((outcome) => outcome.ok)) return 'success';
  const requiredFailed = definition.parts.some((part, i) => part.required && !outcomes[i].ok);
  return requiredFailed || outcomes.every((outcome) => !outcome.ok) ? 'error' : 'partial';
}

export function buildEnvelope(definition: AggregateDefinition, outcomes: readonly PartOutcome[]): Envelope {
  const envelope: Envelope = {
    status: statusOf(definition, outcomes),
    data: {},
    errors: {},
    timestamp: new Date().toISOString(),
  };
  definition.parts.forEach((part, i) => {
    const outcome = outcomes[i];
    envelope.data[part.name] = outcome.ok ? outcome.json : null;
    if (!outcome.ok) envelope.errors[part.name] = outcome.error;
  });
  return envelope;
}

/**
 * The envelope as an answer the cache can hold: 200 for success and partial, 502 `aggregate_failed`
 * for error. Only a complete envelope may be stored; a partial one says `no-store` so a part's
 * recovery shows at once (the cache never passes the header on to the client).
 */
export function envelopeAnswer(envelope: Envelope): Answer {
  const failed = envelope.status === 'error';
  const headers: Answer['headers'] = { 'content-type': 'application/json' };
  if (envelope.status !== 'success') headers['cache-control'] = 'no-store';
  return {
    status: failed ? errorCatalogue.aggregate_failed.status : 200,
    headers,
    body: Buffer.from(envelopeText(envelope)),
  };
}

/**
 * The envelope's JSON, parts spliced in as their upstreams wrote them: serialising the parsed
 * parts again cost as much as parsing them. Same fields in the same order as `JSON.stringify`
 * of `{ error, message, ...envelope }` (the first two for a failed aggregate only).
 */
function envelopeText(envelope: Envelope): string {
  const failure =
    envelope.status === 'error'
      ? `"error":"aggregate_failed","message":${JSON.stringify(errorCatalogue.aggregate_failed.message)},`
      : '';
  const data = Object.entries(envelope.data)
    .map(([name, json]) => `${JSON.stringify(name)}:${json ?? 'null'}`)
    .join(',');
  return (
    `{${failure}"status":"${envelope.status}","data":{${data}},` +
    `"errors":${JSON.stringify(envelope.errors)},"timestamp":"${envelope.timestamp}"}`
  );
}
