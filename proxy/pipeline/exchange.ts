import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Identity } from '../auth/index.js';
import type { ClientAddress } from '../http/client-address.js';
import type { CompiledRoute } from '../routes/compile.js';

/** One request on its way through the pipeline: what each stage learned, in one place. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  /** Raw query string without `?`, forwarded unchanged. */
  readonly query: string;
  readonly requestId: string;
  readonly startedAt: number;
  client: ClientAddress;
  route?: CompiledRoute;
  params: string[];
  identity?: Identity;
  /** `Set-Cookie` lines the gateway must add to the answer (a renewed session). */
  setCookies: string[];
  /** Milliseconds spent waiting for upstream headers, for the access log. */
  upstreamMs?: number;
  /** Aborted when the client goes away, so upstream work stops with it. */
  readonly abort: AbortController;
}
