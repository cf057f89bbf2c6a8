import { constants, type Http2Session, type ServerHttp2Stream } from 'node:http2';

/** The window over which client-cancelled streams are counted. */
export const resetWindowMs = 10_000;

interface Window {
  startedAt: number;
  resets: number;
}

/**
 * Rapid-reset guard (CVE-2023-44487): a client that opens streams and cancels them at once makes
 * the server start work it never finishes. Streams the peer aborts are counted per session in a
 * fixed window; a session over the limit gets GOAWAY (ENHANCE_YOUR_CALM) and is destroyed.
 */
export class ResetGuard {
  readonly #windows = new WeakMap<Http2Session, Window>();
  readonly #onAborted: (this: ServerHttp2Stream) => void;

  constructor(
    private readonly maxResets: number,
    private readonly onFlood: (session: Http2Session, resets: number) => void,
  ) {
    const guard = this;
    // One shared listener for every stream: no closure is allocated per request.
    this.#onAborted = function onAborted(this: ServerHttp2Stream) {
      guard.#count(this.session);
    };
  }

  /**
   * Watches one stream; `aborted` fires only when the peer ends it before our answer did, and at
   * most once (node checks `stream.aborted` first): `on`, without the wrapper `once` allocates.
   */
  watch(stream: ServerHttp2Stream): void {
    stream.on('aborted', this.#onAborted);
  }

  #count(session: Http2Session | undefined): void {
    if (!session || session.destroyed) return;
    const now = Date.now();
    let window = this.#windows.get(session);
    if (!window || now - window.startedAt >= resetWindowMs) {
      window = { startedAt: now, resets: 0 };
      this.#windows.set(session, window);
    }
    window.resets += 1;
    if (window.resets <= this.maxResets) return;
    this.onFlood(session, window.resets);
    session.goaway(constants.NGHTTP2_ENHANCE_YOUR_CALM);
    session.destroy();
  }
}
