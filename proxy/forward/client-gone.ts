import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * The client going away, in the form undici's `signal` option also takes: an EventEmitter with
 * `aborted` that emits `abort`. Every forwarded request needs one; the exchange's AbortSignal
 * is an EventTarget, and creating one and listening on it cost more than the rest of the
 * forwarder's own work. The exchange's controller still aborts for everything else.
 */
export class ClientGone extends EventEmitter {
  aborted = false;

  constructor(res: ServerResponse) {
    super();
    res.once('close', () => {
      if (res.writableFinished) return;
      this.aborted = true;
      this.emit('abort');
    });
  }
}
