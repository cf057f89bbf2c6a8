import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Identity } from '../auth/index.js';
import type { ClientAddress } from '../http/client-address.js';
import type { Answering } from '../http/respond.js';
import type { CompiledRoute } from '../routes/compile.js';

/** One request on its way through the pipeline: what each stage learned, in one place. */
export class Exchange implements Answering {
  /** Headers every answer to this request carries, written with its head (`writeHead`). */
  readonly headers: OutgoingHttpHeaders;
  route?: CompiledRoute;
  params: string[] = [];
  identity?: Identity;
  /** What an already verified token in the request stands for (null: none), once looked up. */
  presented?: Identity | null;
  /** `Set-Cookie` lines the gateway must add to the answer (a renewed session). */
  setCookies: string[] = [];
  /** Milliseconds spent waiting for upstream headers, for the access log. */
  upstreamMs?: number;
  /**
   * The upstream call streaming into this answer, stopped if the client goes away. An object, not
   * a closure: a closure here kept each request's whole forwarding scope reachable, and measurably
   * raised the proxy's resident memory under load.
   */
  upstreamCall?: { stop(): void };
  #abort?: AbortController;
  #gone = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly method: string,
    readonly path: string,
    /** Raw query string without `?`, forwarded unchanged. */
    readonly query: string,
    readonly requestId: string,
    readonly startedAt: number,
    public client: ClientAddress,
  ) {
    this.headers = { 'x-request-id': requestId };
  }

  /**
   * Aborted when the client goes away, so upstream work stops with it. Made on first use: most
   * requests (a forwarded one) never need it, and an AbortController is not free.
   */
  get abort(): AbortController {
    if (this.#abort === undefined) {
      this.#abort = new AbortController();
      if (this.#gone) this.#abort.abort();
    }
    return this.#abort;
  }

  /** The client left before its answer was complete. */
  clientGone(): void {
    this.#gone = true;
    this.#abort?.abort();
    this.upstreamCall?.stop();
  }
}
