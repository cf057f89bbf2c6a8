import { Text } from 'ink';
import type { BreakerAction } from '../../shared/control-api/index.js';
import type { Mode } from './keys.js';

export interface Status {
  text: string;
  failed: boolean;
}

const confirmations: Record<BreakerAction, (service: string) => string> = {
  open: (service) => `Force ${service} OPEN on every pod?`,
  close: (service) => `Force ${service} CLOSED on every pod?`,
  reset: (service) => `Clear ${service}'s forced state and reset its counters on every pod?`,
};

/** The bottom lines: what the keys do, or the question being asked, and the last action's outcome. */
export function Footer({ mode, status }: { mode: Mode; status?: Status }) {
  return (
    <>
      {mode.kind === 'confirm' && (
        <Text wrap="truncate-end" color="yellow">{`${confirmations[mode.action](mode.service)} (y/n)`}</Text>
      )}
      {mode.kind === 'prompt' && (
        <Text
          wrap="truncate-end"
          color="yellow"
        >{`Invalidate the cache of user: ${mode.userId}▏ (enter, esc)`}</Text>
      )}
      {mode.kind === 'browse' && (
        <Text wrap="truncate-end" dimColor>
          ↑/↓ select · o open · c close · r reset · i invalidate a user's cache · q quit
        </Text>
      )}
      {status && (
        <Text wrap="truncate-end" color={status.failed ? 'red' : 'green'}>
          {status.text}
        </Text>
      )}
    </>
  );
}
