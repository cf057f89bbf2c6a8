import type { Logger } from 'pino';
import type { LogDestination } from './destination.js';

/**
 * Lines a logger's destination dropped because its buffer was full. The buffer is bounded
 * (`createLogger`) because a reader that stops taking stdout (a stalled log collector) would
 * otherwise make it grow with every request until the process is killed for its memory: the
 * gateway keeps serving and loses log lines instead. Each drop is counted, for a metric, and
 * reported in one warning line once the destination has written its backlog.
 */
export class DroppedLines {
  #total = 0;
  #unreported = 0;

  constructor(logger: Logger, destination: LogDestination) {
    // The destinations `createLogger` makes take text, so a dropped write is a string.
    destination.on('drop', (data: string) => {
      const lines = countLines(data);
      this.#total += lines;
      this.#unreported += lines;
    });
    // `drain`: the buffer is empty, so the warning itself has room.
    destination.on('drain', () => {
      if (this.#unreported === 0) return;
      const droppedLines = this.#unreported;
      this.#unreported = 0;
      logger.warn({ droppedLines }, 'log output fell behind its reader: lines were dropped');
    });
  }

  /** Lines dropped since the logger was made. */
  get total(): number {
    return this.#total;
  }
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines += 1;
  // A write without a final newline is still a line lost.
  return text.length > 0 && !text.endsWith('\n') ? lines + 1 : lines;
}
