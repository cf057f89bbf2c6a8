import { Box, Text } from 'ink';
import type { BreakersResponse, PodsResponse } from '../../shared/control-api/index.js';
import { forcedText } from '../format/breakers.js';
import { ago } from '../format/duration.js';
import { breakersNotClosed } from '../format/metrics.js';
import type { Snapshot } from './snapshot.js';
import { sparkline } from './sparkline.js';

/** Ink colour per breaker state; CLOSED and UNKNOWN keep the terminal's colour. */
const stateColour: Record<string, string | undefined> = {
  OPEN: 'red',
  HALF_OPEN: 'yellow',
  MIXED: 'magenta',
};

const fixed = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const ms = (value: number | null) => (value === null ? '-' : `${fixed(value)}ms`);

function State({ state, width = 0 }: { state: string; width?: number }) {
  return <Text color={stateColour[state]}>{state.padEnd(width)}</Text>;
}

export function BreakersPanel({
  services,
  selected,
}: {
  services: BreakersResponse['services'];
  selected: number;
}) {
  const names = Object.keys(services);
  const width = Math.max(...names.map((name) => name.length));
  const stateWidth = Math.max(...names.map((name) => services[name].summary.state.length));
  return (
    <Box flexDirection="column">
      <Text bold>BREAKERS</Text>
      {names.map((name, index) => {
        const view = services[name];
        return (
          <Text key={name} wrap="truncate-end" inverse={index === selected}>
            {index === selected ? '› ' : '  '}
            {name.padEnd(width)}
            {'  '}
            <State state={view.summary.state} width={stateWidth} />
            {`  forced: ${forcedText(view.policy)}`}
            {view.pods.map((pod) => (
              <Text key={pod.podId}>
                {`  ${pod.podId} `}
                <State state={pod.state} />
                {pod.failures > 0 ? ` (${pod.failures} failures)` : ''}
              </Text>
            ))}
          </Text>
        );
      })}
    </Box>
  );
}

export function TrafficPanel({
  snapshot,
  rates,
  width,
}: {
  snapshot: Snapshot;
  rates: number[];
  width: number;
}) {
  const total = snapshot.metrics.total;
  const troubled = breakersNotClosed(total.breakers);
  return (
    <Box flexDirection="column">
      <Text bold>TRAFFIC</Text>
      <Text wrap="truncate-end">
        {`req/s ${fixed(total.requestsPerSecond).padStart(6)} `}
        <Text color="cyan">{sparkline(rates, Math.max(8, Math.min(60, width - 16)))}</Text>
      </Text>
      <Text wrap="truncate-end">
        {`p50 ${ms(total.p50Ms)}  p99 ${ms(total.p99Ms)}  hit ${
          total.cacheHitRatio === null ? '-' : `${Math.round(total.cacheHitRatio * 100)}%`
        }  429/s ${fixed(total.rateLimitedPerSecond)}  4xx/s ${fixed(total.status4xxPerSecond)}  5xx/s ${fixed(
          total.status5xxPerSecond,
        )}`}
      </Text>
      {troubled.length > 0 && (
        <Text wrap="truncate-end" color="red">{`not closed: ${troubled.join('; ')}`}</Text>
      )}
    </Box>
  );
}

export function PodsPanel({ pods, maxRows }: { pods: PodsResponse['pods']; maxRows: number }) {
  const shown = pods.slice(0, Math.max(1, maxRows));
  const hidden = pods.length - shown.length;
  return (
    <Box flexDirection="column">
      <Text bold>{`PODS (${pods.length})`}</Text>
      {pods.length === 0 && <Text dimColor>no live pods</Text>}
      {shown.map((pod) => (
        <Text key={pod.podId} wrap="truncate-end">
          {`${pod.podId}  ${pod.address}  beat ${ago(pod.lastHeartbeat)}  policy v${pod.policyVersion}  redis `}
          <Text color={pod.redis === 'up' ? undefined : 'red'}>{pod.redis}</Text>
        </Text>
      ))}
      {hidden > 0 && <Text dimColor>{`… ${hidden} more`}</Text>}
    </Box>
  );
}
