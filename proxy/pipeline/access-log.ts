import type { DestinationStream } from 'pino';
import { destinationOf, isoTimeField, type Logger } from '../../shared/logger/index.js';
import { hundredths, jsonString } from './log-text.js';

/** What one request's access-log line says. */
export interface AccessLine {
  /** JSON-safe as it is (the pipeline's ids are UUIDs or match a pattern of safe characters). */
  requestId: string;
  method: string;
  route: string;
  status: number;
  /** Unrounded; the line has them to hundredths. */
  durationMs: number;
  upstreamMs?: number;
  userId?: string;
  client: string;
}

/** pino's numeric value of `info`. */
const infoLevel = 30;

/**
 * Lines handed to the destination in one write: a busy proxy then pays one write per ~40 KB of
 * log, not one per request.
 */
const batchLines = 128;
/** How long a line may wait for its batch to fill: a quiet proxy's lines still appear promptly. */
const batchDelayMs = 100;

/**
 * One JSON line per request, in exactly the shape pino writes (`level`, `time`, `service`, then
 * the fields in order, undefined ones left out), on the logger's own destination. Composed by
 * hand because its fields are fixed and never secret: pino's generic serialisation of the same
 * object was the largest single cost the gateway itself added to a request. Lines are batched;
 * `flush()` hands over the pending ones (the gateway does on close).
 */
export class AccessLog {
  readonly #service: string;
  #pending: string[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly destination: DestinationStream = destinationOf(logger),
  ) {
    this.#service = `,"service":${JSON.stringify(String(logger.bindings().service))}`;
  }

  write(line: AccessLine): void {
    if (this.logger.levelVal > infoLevel) return;
    let text =
      // The request id is a UUID or matched a pattern of JSON-safe characters: no escaping needed.
      `{"level":"info"${isoTimeField()}${this.#service},"requestId":"${line.requestId}"` +
      `,"method":${jsonString(line.method)},"route":${jsonString(line.route)}` +
      `,"status":${line.status},"durationMs":${hundredths(line.durationMs)}`;
    if (line.upstreamMs !== undefined) text += `,"upstreamMs":${hundredths(line.upstreamMs)}`;
    if (line.userId !== undefined) text += `,"userId":${jsonString(line.userId)}`;
    this.#pending.push(`${text},"client":${jsonString(line.client)}}\n`);
    if (this.#pending.length >= batchLines) this.flush();
    else if (this.#timer === undefined) this.#timer = setTimeout(this.#flushLater, batchDelayMs).unref();
  }

  /** Writes every pending line now, in one write. */
  flush(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#pending.length === 0) return;
    const text = this.#pending.join('');
    this.#pending = [];
    this.destination.write(text);
  }

  readonly #flushLater = () => {
    this.#timer = undefined;
    this.flush();
  };
}
