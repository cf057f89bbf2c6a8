import type { DestinationStream } from 'pino';
import { destinationOf, isoTimeOncePerMs, type Logger } from '../../shared/logger/index.js';

/** What one request's access-log line says. */
export interface AccessLine {
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  upstreamMs?: number;
  userId?: string;
  client: string;
}

/** pino's numeric value of `info`. */
const infoLevel = 30;

/**
 * One JSON line per request, in exactly the shape pino writes (`level`, `time`, `service`, then
 * the fields in order, undefined ones left out), on the logger's own destination. Composed by
 * hand because its fields are fixed and never secret: pino's generic serialisation of the same
 * object was the largest single cost the gateway itself added to a request.
 */
export class AccessLog {
  readonly #service: string;

  constructor(
    private readonly logger: Logger,
    private readonly destination: DestinationStream = destinationOf(logger),
  ) {
    this.#service = `,"service":${JSON.stringify(String(logger.bindings().service))}`;
  }

  write(line: AccessLine): void {
    if (this.logger.levelVal > infoLevel) return;
    let text =
      `{"level":"info"${isoTimeOncePerMs()}${this.#service},"requestId":${JSON.stringify(line.requestId)}` +
      `,"method":${JSON.stringify(line.method)},"route":${JSON.stringify(line.route)}` +
      `,"status":${line.status},"durationMs":${line.durationMs}`;
    if (line.upstreamMs !== undefined) text += `,"upstreamMs":${line.upstreamMs}`;
    if (line.userId !== undefined) text += `,"userId":${JSON.stringify(line.userId)}`;
    this.destination.write(`${text},"client":${JSON.stringify(line.client)}}\n`);
  }
}
