import type { BreakerActionResponse } from '../../../shared/control-api/index.js';
import { BreakerActionCommand } from '../../breaker-action.js';

export default class BreakersReset extends BreakerActionCommand<typeof BreakersReset> {
  static override summary = "Clear a breaker's forced state and reset its counters on every pod.";
  static override examples = [
    '<%= config.bin %> <%= command.id %> app_service',
    '<%= config.bin %> <%= command.id %> auth_service --json',
  ];

  protected readonly action = 'reset';

  async run(): Promise<BreakerActionResponse> {
    return this.act();
  }
}
