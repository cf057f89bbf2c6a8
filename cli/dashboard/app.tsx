import { Box, Text, useApp, useStdout } from 'ink';
import { useState } from 'react';
import type { ControlClient } from '../client/control-client.js';
import { forcedText } from '../format/breakers.js';
import { plural } from '../format/plural.js';
import { Footer, type Status } from './footer.js';
import { BreakersPanel, PodsPanel, TrafficPanel } from './panels.js';
import { type ActionEffect, useKeyboard } from './use-keyboard.js';
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
  const [status, setStatus] = useState<Status>();
  const services = snapshot ? Object.keys(snapshot.breakers.services) : [];
  const width = stdout.columns || 80;
  const height = stdout.rows || 24;

  const report = (work: Promise<string>) =>
    work
      .then((text) => setStatus({ text, failed: false }))
      .catch((failure: Error) => setStatus({ text: failure.message, failed: true }))
      .finally(refresh);

  const effects: { [K in ActionEffect['kind']]: (effect: Extract<ActionEffect, { kind: K }>) => void } = {
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
          .then(
            (result) =>
              `Invalidated ${plural(result.deleted, 'cache entry', 'cache entries')} of user ${userId}`,
          ),
      ),
  };

  const { mode, selected } = useKeyboard(services, (effect) =>
    (effects[effect.kind] as (e: ActionEffect) => void)(effect),
  );

  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>goalixa-bff</Text>
        {' · '}
        {error ? <Text color="red">disconnected, retrying</Text> : <Text color="green">connected</Text>}
        {snapshot ? ` · ${plural(snapshot.pods.pods.length, 'pod')}` : ''}
        {snapshot ? ` · policy v${snapshot.policy.version}` : ''}
        {` · ${client.controlUrl}`}
      </Text>
      {error && (
        <Text wrap="truncate-end" color="red">
          {error}
        </Text>
      )}
      {!snapshot && !error && <Text>Loading…</Text>}
      {snapshot && (
        <>
          <BreakersPanel services={snapshot.breakers.services} selected={selected} />
          <TrafficPanel snapshot={snapshot} rates={requestRates} width={width} />
          <PodsPanel pods={snapshot.pods.pods} maxRows={height - chromeLines - services.length} />
        </>
      )}
      <Footer mode={mode} status={status} />
    </Box>
  );
}
