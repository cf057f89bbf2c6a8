import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useState } from 'react';
import type { ControlClient } from '../client/control-client.js';
import { forcedText } from '../format/breakers.js';
import { Footer, type Status } from './footer.js';
import { type Effect, type Mode, onKey } from './keys.js';
import { BreakersPanel, PodsPanel, TrafficPanel } from './panels.js';
import { useSnapshot } from './use-snapshot.js';

export interface DashboardProps {
  client: ControlClient;
  refreshMs?: number;
}

/** Lines the dashboard needs besides breaker and pod rows: header, titles, traffic, footer. */
const chromeLines = 11;

export function Dashboard({ client, refreshMs = 1_000 }: DashboardProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const { snapshot, error, requestRates, refresh } = useSnapshot(client, refreshMs);
  const [mode, setMode] = useState<Mode>({ kind: 'browse' });
  const [selected, setSelected] = useState(0);
  const [status, setStatus] = useState<Status>();

  const services = snapshot ? Object.keys(snapshot.breakers.services) : [];
  const current = Math.min(selected, Math.max(0, services.length - 1));
  const width = stdout.columns || 80;
  const height = stdout.rows || 24;

  const report = (work: Promise<string>) =>
    work
      .then((text) => setStatus({ text, failed: false }))
      .catch((failure: Error) => setStatus({ text: failure.message, failed: true }))
      .finally(refresh);

  const effects: { [K in Effect['kind']]: (effect: Extract<Effect, { kind: K }>) => void } = {
    move: ({ by }) => setSelected(Math.max(0, Math.min(services.length - 1, current + by))),
    quit: () => exit(),
    breaker: ({ action, service }) =>
      report(
        client
          .call('breakerAction', { params: { service, action }, body: {} })
          .then((result) =>
            action === 'reset'
              ? `${service}: reset on every pod (policy v${result.policyVersion})`
              : `${service}: forced ${forcedText(result.breaker)} (policy v${result.policyVersion})`,
          ),
      ),
    invalidate: ({ userId }) =>
      report(
        client
          .call('invalidateCache', { body: { userId } })
          .then((result) => `Invalidated ${result.deleted} cache entries of user ${userId}`),
      ),
  };

  useInput((input, key) => {
    const outcome = onKey(mode, { ...key, input }, services[current]);
    setMode(outcome.mode);
    const effect = outcome.effect;
    if (effect) (effects[effect.kind] as (e: Effect) => void)(effect);
  });

  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>goalixa-bff</Text>
        {` · ${client.controlUrl} · `}
        {error ? <Text color="red">disconnected, retrying</Text> : <Text color="green">connected</Text>}
        {snapshot ? ` · ${snapshot.pods.pods.length} pods` : ''}
        {snapshot ? ` · policy v${snapshot.policy.version}` : ''}
      </Text>
      {error && (
        <Text wrap="truncate-end" color="red">
          {error}
        </Text>
      )}
      {!snapshot && !error && <Text>Loading…</Text>}
      {snapshot && (
        <>
          <BreakersPanel services={snapshot.breakers.services} selected={current} />
          <TrafficPanel snapshot={snapshot} rates={requestRates} width={width} />
          <PodsPanel pods={snapshot.pods.pods} maxRows={height - chromeLines - services.length} />
        </>
      )}
      <Footer mode={mode} status={status} />
    </Box>
  );
}
