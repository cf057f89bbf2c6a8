import { errors } from 'undici';
import { BodyTooLargeError } from '../forward/upstream.js';

/** What a finished call says about the upstream's health. */
export type CallOutcome = 'success' | 'failure' | 'neutral';

/**
 * A thrown call counts against the upstream (connection error, timeout, broken answer) unless the
 * client caused it: it went away (its abort signal fired) or sent a body over the limit. Timeouts
 * raised through an abort signal (`AbortSignal.timeout`) are named `TimeoutError` and do count.
 */
export function outcomeOfError(error: unknown): CallOutcome {
  if (error instanceof BodyTooLargeError || error instanceof errors.RequestAbortedError) return 'neutral';
  // A streamed answer whose client hung up mid-body: undici saw our response close early. An
  // upstream that breaks off mid-body fails with undici's own socket error instead.
  if ((error as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE') return 'neutral';
  return (error as { name?: unknown } | null)?.name === 'AbortError' ? 'neutral' : 'failure';
}
