import type { BreakersResponse } from '../../../shared/control-api/index.js';
import { ControlCommand } from '../../base-command.js';
import { breakersTable } from '../../format/breakers.js';
import { colourEnabled } from '../../format/colour.js';

export default class Breakers extends ControlCommand<typeof Breakers> {
  static override summary = 'Show every circuit breaker: cluster state, state on each pod, any forced state.';
  static override description =
    'One line per service and pod. OPEN and HALF_OPEN are coloured when writing to a terminal. ' +
    'Use the open, close and reset subcommands to force a state on every pod.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
    'GOALIXA_BFF_CONTROL_URL=http://localhost:8100 <%= config.bin %> <%= command.id %>',
  ];

  async run(): Promise<BreakersResponse> {
    const breakers = await this.client.call('breakers');
    this.log(breakersTable(breakers, colourEnabled()));
    return breakers;
  }
}
